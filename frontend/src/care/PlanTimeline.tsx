// A plan's phases on one strip with the client's races, its booked sessions, proposals and
// today marked. The drawing is for the eye; the phase list beside it says the same in words.
import type { Phase } from '../api/types';
import { dayLabel } from '../calendar/zone';
import { cadenceLabel, PHASE_NAMES } from './labels';
import { layoutTimeline, shortDay, type TimelineInput } from './timeline';

const pct = (n: number) => `${n}%`;

export function PlanTimeline(input: TimelineInput & { serviceName: (phase: Phase) => string }) {
  const t = layoutTimeline(input);
  if (!t) return null;
  const raceName = (phase: Phase) => input.races.find((r) => r.id === phase.race_id)?.name;
  return (
    <div className="plan-timeline">
      <div className="timeline-drawing" aria-hidden="true">
        <div className="timeline-races">
          {t.races.map((r) => (
            <span key={`${r.date}-${r.name}`} className={`race-label row-${r.row} anchor-${r.anchor}`} style={{ left: pct(r.left) }}>
              {r.priority.toUpperCase()} · {r.name}
            </span>
          ))}
        </div>
        <div className="timeline-strip">
          {t.segments.map((s) => (
            <span key={s.startsOn} className={`phase phase-${s.kind}`} style={{ left: pct(s.left), width: pct(s.width) }} title={PHASE_NAMES[s.kind]} />
          ))}
          {t.races.map((r) => (
            <span key={`m-${r.date}-${r.name}`} className={`race-mark priority-${r.priority}`} style={{ left: pct(r.left) }} />
          ))}
          {t.today ? <span className="today-mark" style={{ left: pct(t.today.left) }} /> : null}
        </div>
        <div className="timeline-dots">
          {t.sessions.map((s) => (
            <span key={s.date} className="dot booked" style={{ left: pct(s.left) }} />
          ))}
          {t.proposals.map((s) => (
            <span key={s.date} className="dot proposed" style={{ left: pct(s.left) }} />
          ))}
        </div>
        <div className="timeline-months">
          <span className="month" style={{ left: 0 }}>{shortDay(t.startsOn)}</span>
          {t.months.map((m) => (
            <span key={m.date} className="month tick" style={{ left: pct(m.left) }}>{m.label}</span>
          ))}
        </div>
        <p className="timeline-legend">
          <span className="dot booked" /> booked <span className="dot proposed" /> proposed <span className="today-key" /> today
          <span className="race-key" /> race
        </p>
      </div>
      <ol className="phase-list" aria-label="Phases">
        {input.phases.map((p) => (
          <li key={p.starts_on}>
            <span className={`swatch phase-${p.kind}`} aria-hidden="true" />
            <strong>{PHASE_NAMES[p.kind]}</strong>{' '}
            <span className="muted">
              {p.starts_on === p.ends_on ? dayLabel(p.starts_on) : `${dayLabel(p.starts_on)} – ${dayLabel(p.ends_on)}`}
            </span>
            {' · '}
            {cadenceLabel(p.kind, p.cadence)}
            {p.kind !== 'race' ? ` · ${input.serviceName(p)}` : null}
            {raceName(p) ? <span className="muted"> · {raceName(p)}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
