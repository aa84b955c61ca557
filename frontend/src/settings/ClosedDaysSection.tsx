// Days the practice is closed (owner): nobody is bookable then without an override.
import { useState } from 'react';
import { useClosedDays, useCreateClosedDay, useDeleteClosedDay } from '../api/practice';
import { addDays, browserZone, dayLabel, localDateOf } from '../calendar/zone';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { Empty, ErrorMessage } from '../ui/states';
import { useProblem } from '../ui/useProblem';

export function ClosedDaysSection({ zone }: { zone: string | undefined }) {
  const today = localDateOf(new Date(), zone ?? browserZone());
  const days = useClosedDays(today, addDays(today, 730));
  const create = useCreateClosedDay();
  const remove = useDeleteClosedDay();
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const { problem, setProblem, errorFor } = useProblem();
  return (
    <section className="card" aria-labelledby="closed-heading">
      <h2 id="closed-heading">Closed days</h2>
      {days.error ? <ErrorMessage error={days.error} /> : null}
      {days.data?.length === 0 ? <Empty>No closed days ahead.</Empty> : null}
      <ul className="settings-list">
        {(days.data ?? []).map((d) => (
          <li key={d.id}>
            <span>
              <strong>{dayLabel(d.date, 'long')}</strong>: {d.name}
            </span>
            <button type="button" className="button subtle" aria-label={`Remove ${d.name}`} onClick={() => remove.mutate(d.id, { onError: setProblem })}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <ErrorSummary problem={problem} />
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          create.mutate({ date, name }, { onSuccess: () => setName(''), onError: setProblem });
        }}
      >
        <TextField pointer="/closed_day/date" label="Closed on" type="date" value={date} error={errorFor('/date')} onChange={(e) => setDate(e.target.value)} />
        <TextField pointer="/closed_day/name" label="Why" hint="E.g. New Year’s Day" value={name} error={errorFor('/name')} onChange={(e) => setName(e.target.value)} />
        <div className="field">
          <button type="submit" className="button" disabled={create.isPending}>
            Add closed day
          </button>
        </div>
      </form>
    </section>
  );
}
