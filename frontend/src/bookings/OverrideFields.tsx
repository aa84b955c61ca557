// Booking outside working hours, in time off or on a closed day: on purpose, with a reason
// from the practice's list and an optional note (which the front desk and emails see).
import type { OverrideInput, OverrideReason, ReasonTerm } from '../api/types';
import { SelectField, TextField } from '../ui/fields';

export interface Override {
  on: boolean;
  code: string;
  note: string;
}

interface Props {
  value: Override;
  reasons: readonly ReasonTerm[];
  errorFor: (pointer: string) => string | undefined;
  onChange: (next: Override) => void;
}

export function OverrideFields({ value, reasons, errorFor, onChange }: Props) {
  return (
    <fieldset className="override">
      <legend>Outside hours</legend>
      <label className="check">
        <input type="checkbox" checked={value.on} onChange={(e) => onChange({ ...value, on: e.target.checked })} />
        <span>Book outside working hours, time off or a closed day</span>
      </label>
      {value.on ? (
        <>
          <SelectField
            pointer="/override_reason/code"
            label="Reason"
            value={value.code}
            error={errorFor('/override_reason/code') ?? errorFor('/override_reason')}
            onChange={(e) => onChange({ ...value, code: e.target.value })}
          >
            <option value="">Choose a reason</option>
            {reasons.map((r) => (
              <option key={r.code} value={r.code}>
                {r.label}
              </option>
            ))}
          </SelectField>
          <TextField
            pointer="/override_reason/note"
            label="Note (optional)"
            hint="No health details: the front desk and emails see this note."
            value={value.note}
            error={errorFor('/override_reason/note')}
            onChange={(e) => onChange({ ...value, note: e.target.value })}
          />
        </>
      ) : null}
    </fieldset>
  );
}

/** The body fields for an override, or none; an unchosen reason is sent as given, so the
 * API's 422 names `/override_reason` beside the field. */
export function overrideBody(o: Override): { outside_hours?: boolean; override_reason?: OverrideInput } {
  if (!o.on) return {};
  const note = o.note.trim();
  return { outside_hours: true, override_reason: { code: o.code as OverrideReason, ...(note ? { note } : {}) } };
}
