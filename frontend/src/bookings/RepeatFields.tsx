// How a booking repeats: every 1–4 weeks, on which weekdays, and for how many sessions or
// until which day. The rule is built from these; the API's preview shows what it gives.
import { SelectField, TextField } from '../ui/fields';
import type { Repeat } from './rrule';

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

interface Props {
  value: Repeat;
  errorFor: (pointer: string) => string | undefined;
  onChange: (next: Repeat) => void;
}

export function RepeatFields({ value, errorFor, onChange }: Props) {
  const toggle = (day: number, on: boolean) =>
    onChange({ ...value, weekdays: on ? [...value.weekdays, day] : value.weekdays.filter((d) => d !== day) });
  return (
    <fieldset className="repeat">
      <legend>Repeat</legend>
      <SelectField
        pointer="/rrule"
        label="How often"
        value={value.interval}
        error={errorFor('/rrule')}
        onChange={(e) => onChange({ ...value, interval: Number(e.target.value) })}
      >
        <option value={1}>Every week</option>
        <option value={2}>Every 2 weeks</option>
        <option value={3}>Every 3 weeks</option>
        <option value={4}>Every 4 weeks</option>
      </SelectField>
      <fieldset className="checkbox-group">
        <legend>On</legend>
        <div className="options">
          {WEEKDAY_NAMES.map((name, day) => (
            <label key={name} className="check">
              <input type="checkbox" checked={value.weekdays.includes(day)} onChange={(e) => toggle(day, e.target.checked)} />
              <span>{name}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="ends">
        <legend>Ends</legend>
        <label className="check">
          <input
            type="radio"
            name="repeat-end"
            checked={value.end.kind === 'count'}
            onChange={() => onChange({ ...value, end: { kind: 'count', count: 8 } })}
          />
          <span>After a number of sessions</span>
        </label>
        <label className="check">
          <input
            type="radio"
            name="repeat-end"
            checked={value.end.kind === 'until'}
            onChange={() => onChange({ ...value, end: { kind: 'until', until: '' } })}
          />
          <span>On a date</span>
        </label>
      </fieldset>
      {value.end.kind === 'count' ? (
        <TextField
          pointer="/count"
          label="Sessions"
          type="number"
          min={1}
          max={1040}
          value={value.end.count}
          onChange={(e) => onChange({ ...value, end: { kind: 'count', count: Number(e.target.value) } })}
        />
      ) : (
        <TextField
          pointer="/until"
          label="Last day"
          type="date"
          value={value.end.until}
          onChange={(e) => onChange({ ...value, end: { kind: 'until', until: e.target.value } })}
        />
      )}
    </fieldset>
  );
}
