// The contraindication checklist, most serious first, each with what it means for treatment.
import type { Contraindication, ContraindicationTerm, Severity } from '../api/types';
import { fieldId } from '../ui/fieldId';

const ORDER: Record<Severity, number> = { avoid: 0, caution: 1, note: 2 };

interface Props {
  terms: readonly ContraindicationTerm[];
  selected: readonly Contraindication[];
  error?: string | undefined;
  onChange: (next: Contraindication[]) => void;
  /** The client's own form uses plainer words than the clinic's. */
  legend: string;
}

export function ContraindicationChecklist({ terms, selected, error, onChange, legend }: Props) {
  const id = fieldId('/contraindications');
  const sorted = [...terms].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const toggle = (value: Contraindication, on: boolean) =>
    onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    <fieldset
      className={`field checklist${error ? ' has-error' : ''}`}
      id={id}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      <ul>
        {sorted.map((term) => (
          <li key={term.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={selected.includes(term.id)}
                onChange={(e) => toggle(term.id, e.target.checked)}
                aria-describedby={`${id}-${term.id}`}
              />
              <span>{term.label}</span>
              <span className={`badge severity-${term.severity}`}>{term.severity}</span>
            </label>
            <span className="hint" id={`${id}-${term.id}`}>
              {term.handling}
            </span>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
