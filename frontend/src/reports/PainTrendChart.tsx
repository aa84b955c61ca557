// One region's pain over time, drawn by hand in SVG (no chart library: a few lines of
// geometry keep the bundle small): intake scores as diamonds, each session as a line from
// pain before (open circle) to pain after (filled), race days as dashed lines. The same data
// follows as a table for screen readers and anyone who prefers numbers.
import type { RaceView } from '../api/types';
import { formatDate } from '../ui/format';
import { dateOf, dayNumber, type Series } from './painSeries';

const W = 640;
const H = 240;
const PAD = { left: 36, right: 16, top: 16, bottom: 36 };

interface Props {
  series: Series;
  title: string;
  races: readonly RaceView[];
}

export function PainTrendChart({ series, title, races }: Props) {
  const dates = [...series.intake.map((p) => p.date), ...series.sessions.map((s) => s.date)].sort();
  const first = dayNumber(dates[0] ?? '2026-01-01');
  const last = Math.max(dayNumber(dates.at(-1) ?? '2026-01-01'), first + 7);
  const shownRaces = races.filter((r) => dayNumber(r.date) >= first && dayNumber(r.date) <= last + 30);
  const end = Math.max(last, ...shownRaces.map((r) => dayNumber(r.date)));
  const x = (date: string) => PAD.left + ((dayNumber(date) - first) / (end - first || 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / 10) * (H - PAD.top - PAD.bottom);
  const summary = `${title}: ${series.intake.length} intake score${series.intake.length === 1 ? '' : 's'}, ${series.sessions.length} session${series.sessions.length === 1 ? '' : 's'}; table below.`;
  return (
    <figure className="pain-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        {[0, 2, 4, 6, 8, 10].map((v) => (
          <g key={v} className="grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">{v}</text>
          </g>
        ))}
        <text x={PAD.left} y={H - 4} className="axis">{formatDate(dates[0] ?? '')}</text>
        <text x={W - PAD.right} y={H - 4} className="axis" textAnchor="end">{formatDate(dateOf(end))}</text>
        {shownRaces.map((r) => (
          <g key={r.id} className="race" data-race={r.date}>
            <line x1={x(r.date)} x2={x(r.date)} y1={PAD.top} y2={H - PAD.bottom} />
            <text x={x(r.date)} y={H - 20} textAnchor={x(r.date) > W * 0.75 ? 'end' : x(r.date) < W * 0.25 ? 'start' : 'middle'}>{r.name}</text>
          </g>
        ))}
        {series.intake.map((p, i) => (
          <path key={`i${i}`} className="intake-point" data-date={p.date} data-intensity={p.intensity}
            d={`M${x(p.date)},${y(p.intensity) - 6}l6,6l-6,6l-6,-6z`} />
        ))}
        {series.sessions.map((s, i) => (
          <g key={`s${i}`} className="session-pair" data-date={s.date} data-before={s.before ?? ''} data-after={s.after ?? ''}>
            {s.before !== null && s.after !== null ? <line x1={x(s.date)} x2={x(s.date)} y1={y(s.before)} y2={y(s.after)} /> : null}
            {s.before !== null ? <circle className="before" cx={x(s.date)} cy={y(s.before)} r={5} /> : null}
            {s.after !== null ? <circle className="after" cx={x(s.date)} cy={y(s.after)} r={5} /> : null}
          </g>
        ))}
      </svg>
      <figcaption className="chart-key">
        <span><span className="key intake" aria-hidden="true">◆</span> intake</span>
        <span><span className="key" aria-hidden="true">○</span> before session</span>
        <span><span className="key" aria-hidden="true">●</span> after session</span>
        <span><span className="key race" aria-hidden="true">┆</span> race</span>
      </figcaption>
      <table className="data-table">
        <caption>{title}: scores by date</caption>
        <thead><tr><th scope="col">Date</th><th scope="col">Source</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
        <tbody>
          {[
            ...series.intake.map((p) => ({ date: p.date, source: 'Intake', before: String(p.intensity), after: '' })),
            ...series.sessions.map((s) => ({ date: s.date, source: 'Session', before: s.before === null ? '' : String(s.before), after: s.after === null ? '' : String(s.after) })),
            ...shownRaces.map((r) => ({ date: r.date, source: `Race: ${r.name}`, before: '', after: '' })),
          ]
            .sort((a, b) => a.date.localeCompare(b.date))
            .map((row, i) => (
              <tr key={i}><td>{formatDate(row.date)}</td><td>{row.source}</td><td>{row.before}</td><td>{row.after}</td></tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}
