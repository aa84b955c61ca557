// Mean pain before and after per technique as paired horizontal bars (0–10), drawn in SVG.
import type { TechniqueOutcome } from '../api/reports';

const ROW = 34;
const LEFT = 130;
const W = 420;

export function OutcomeBars({ rows, label }: { rows: readonly { name: string; outcome: TechniqueOutcome }[]; label: string }) {
  const H = rows.length * ROW + 24;
  const x = (v: number) => LEFT + (v / 10) * (W - LEFT - 36);
  return (
    <svg className="outcome-bars" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label}; the table below has the numbers.`}>
      {rows.map(({ name, outcome }, i) => {
        const top = 8 + i * ROW;
        return (
          <g key={outcome.technique} data-technique={outcome.technique}>
            <text x={LEFT - 8} y={top + 18} textAnchor="end">{name}</text>
            <rect className="before" x={LEFT} y={top + 2} width={x(outcome.mean_pain_before) - LEFT} height={12} />
            <rect className="after" x={LEFT} y={top + 15} width={x(outcome.mean_pain_after) - LEFT} height={12} />
            <text x={x(outcome.mean_pain_before) + 4} y={top + 12}>{outcome.mean_pain_before.toFixed(1)}</text>
            <text x={x(outcome.mean_pain_after) + 4} y={top + 25}>{outcome.mean_pain_after.toFixed(1)}</text>
          </g>
        );
      })}
    </svg>
  );
}
