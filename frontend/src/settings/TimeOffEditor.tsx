// A therapist's time off: current and future ranges with a reason; add and remove.
import { useState } from 'react';
import { useCreateTimeOff, useDeleteTimeOff } from '../api/staff';
import type { TimeOffView } from '../api/types';
import { dayLabel, localDateOf, parseClock, timeIn, toInstant } from '../calendar/zone';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { Empty } from '../ui/states';
import { useProblem } from '../ui/useProblem';

export function TimeOffEditor({ staffId, zone, list }: { staffId: string; zone: string; list: readonly TimeOffView[] }) {
  const create = useCreateTimeOff(staffId);
  const remove = useDeleteTimeOff(staffId);
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const { problem, setProblem, errorFor } = useProblem();
  const when = (t: string) => `${dayLabel(localDateOf(new Date(t), zone))} ${timeIn(t, zone)}`;
  return (
    <fieldset className="settings-form">
      <legend>Time off</legend>
      {list.length === 0 ? <Empty>No time off planned.</Empty> : null}
      <ul className="settings-list">
        {list.map((t) => (
          <li key={t.id}>
            <span>
              {when(t.starts_at)} – {when(t.ends_at)}: {t.reason}
            </span>
            <button type="button" className="button subtle" onClick={() => remove.mutate(t.id, { onError: setProblem })}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <ErrorSummary problem={problem} />
      <div className="field-row">
        <TextField pointer="/time_off/starts_at" label="First day off" type="date" value={from} error={errorFor('/starts_at')} onChange={(e) => setFrom(e.target.value)} />
        <TextField pointer="/time_off/ends_at" label="Last day off" type="date" value={until} error={errorFor('/ends_at')} onChange={(e) => setUntil(e.target.value)} />
        <TextField pointer="/time_off/reason" label="Reason" value={reason} hint="E.g. holiday, course" error={errorFor('/reason')} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button
        type="button"
        className="button"
        disabled={create.isPending}
        onClick={() => {
          setProblem(null);
          create.mutate(
            {
              starts_at: from ? toInstant(from, 0, zone).toISOString() : '',
              ends_at: until ? toInstant(until, parseClock('23:59'), zone).toISOString() : '',
              reason,
            },
            { onSuccess: () => setReason(''), onError: setProblem },
          );
        }}
      >
        Add time off
      </button>
    </fieldset>
  );
}
