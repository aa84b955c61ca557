import type { SummaryLine } from './summary';

/** A note's summary as a definition list. */
export function Summary({ lines }: { lines: readonly SummaryLine[] }) {
  return (
    <dl className="details note-summary">
      {lines.map((line) => (
        <div key={line.label} className="summary-line">
          <dt>{line.label}</dt>
          <dd>{line.value}</dd>
        </div>
      ))}
    </dl>
  );
}
