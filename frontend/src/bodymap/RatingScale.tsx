// A 0–10 pain rating as eleven radio buttons: one tap, or arrow keys. Nothing is chosen until
// someone chooses (a new region has no intensity yet).
import { useId } from 'react';
import { intensityBand } from './intensity';
import './bodymap.css';

interface Props {
  label: string;
  value: number | null;
  onChange: (value: number) => void;
  error?: string | undefined;
  /** Set on the fieldset, so an error summary can link to it. */
  id?: string;
}

const SCALE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export function RatingScale({ label, value, onChange, error, id }: Props) {
  const name = useId();
  return (
    <fieldset
      className={`rating${error ? ' has-error' : ''}`}
      id={id}
      tabIndex={id ? -1 : undefined}
      role="radiogroup"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${name}-error` : undefined}
    >
      <legend>
        {label}: <span className="rating-value">{value === null ? 'not rated' : `${value}/10, ${intensityBand(value).name}`}</span>
      </legend>
      {error ? <span className="field-error" id={`${name}-error`}>{error}</span> : null}
      <div className="rating-options">
        {SCALE.map((n) => (
          <label key={n} className={value === n ? 'chosen' : undefined}>
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} />
            <span>{n}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
