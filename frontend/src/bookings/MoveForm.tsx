// Moving a booking by a form: another day, time, therapist or room; for an occurrence of a
// series, this one, this and following, or all of them.
import { useState } from 'react';
import type { BookingView } from '../api/types';
import { clock, localDateOf, minutesOf, parseClock } from '../calendar/zone';
import { SelectField, TextField } from '../ui/fields';
import type { DeskData } from './useDeskData';
import type { MoveTo, Scope } from './useMove';

interface Props {
  booking: BookingView;
  desk: DeskData;
  inSeries: boolean;
  busy: boolean;
  errorFor: (pointer: string) => string | undefined;
  onMove: (scope: Scope, to: MoveTo) => void;
  onBack: () => void;
}

const SCOPES: { id: Scope; label: string }[] = [
  { id: 'one', label: 'This session only' },
  { id: 'following', label: 'This and following sessions' },
  { id: 'all', label: 'All upcoming sessions' },
];

export function MoveForm({ booking: b, desk, inSeries, busy, errorFor, onMove, onBack }: Props) {
  const [date, setDate] = useState(localDateOf(new Date(b.starts_at), desk.zone));
  const [time, setTime] = useState(clock(minutesOf(new Date(b.starts_at), desk.zone)));
  const [therapistId, setTherapistId] = useState(b.therapist_id);
  const [roomId, setRoomId] = useState(b.room_id ?? '');
  const [scope, setScope] = useState<Scope>('one');
  return (
    <form
      className="move-form"
      onSubmit={(e) => {
        e.preventDefault();
        onMove(scope, { date, minutes: parseClock(time), therapistId, roomId });
      }}
    >
      <h3>Move</h3>
      {inSeries ? (
        <fieldset className="scope">
          <legend>Which sessions</legend>
          {SCOPES.map((s) => (
            <label key={s.id} className="check">
              <input type="radio" name="scope" checked={scope === s.id} onChange={() => setScope(s.id)} />
              <span>{s.label}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="field-row">
        <TextField pointer="/move/date" label="New day" type="date" value={date} required onChange={(e) => setDate(e.target.value)} />
        <TextField
          pointer="/starts_at"
          label="New time"
          type="time"
          step={300}
          value={time}
          required
          error={errorFor('/starts_at') ?? errorFor('/first_start')}
          onChange={(e) => setTime(e.target.value)}
        />
      </div>
      <div className="field-row">
        <SelectField pointer="/therapist_id" label="Therapist" value={therapistId} error={errorFor('/therapist_id')} onChange={(e) => setTherapistId(e.target.value)}>
          {desk.therapists.map((t) => (
            <option key={t.id} value={t.id}>
              {t.display_name}
            </option>
          ))}
          {desk.therapists.some((t) => t.id === b.therapist_id) ? null : <option value={b.therapist_id}>{desk.nameOf(b.therapist_id)}</option>}
        </SelectField>
        <SelectField pointer="/room_id" label="Room" value={roomId} error={errorFor('/room_id')} onChange={(e) => setRoomId(e.target.value)}>
          <option value="">No room</option>
          {desk.rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="inline">
        <button type="submit" className="button primary" disabled={busy}>
          Move
        </button>
        <button type="button" className="button subtle" onClick={onBack}>
          Back
        </button>
      </div>
    </form>
  );
}
