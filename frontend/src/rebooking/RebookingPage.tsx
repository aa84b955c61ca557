// "Due for rebooking": the front desk's list of clients whose next visit is due, overdue first,
// each with a one-click booking of their therapist's next free slots. It reads only
// `/v1/rebooking/due`, which carries no phase, reason or plan.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useCreateBooking } from '../api/bookings';
import { careKeys, useRebookingDue } from '../api/care';
import { usePractice } from '../api/practice';
import { ApiProblem } from '../api/problem';
import type { DueClient, DueSlot } from '../api/types';
import { addDays, browserZone, localDateOf } from '../calendar/zone';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import { useTitle } from '../ui/useTitle';
import { DueRow, slotLabel } from './DueRow';
import { groupDue, STATUS_NAMES } from './due';
import './rebooking.css';

const AHEAD = [
  { days: 7, label: 'Next week' },
  { days: 14, label: 'Next two weeks' },
  { days: 28, label: 'Next four weeks' },
];

export function RebookingPage() {
  useTitle('Due for rebooking');
  const practice = usePractice();
  const zone = practice.data?.data.time_zone ?? browserZone();
  const [ahead, setAhead] = useState(14);
  const from = localDateOf(new Date(), zone);
  const due = useRebookingDue(from, addDays(from, ahead));
  const create = useCreateBooking();
  const queryClient = useQueryClient();
  const [booked, setBooked] = useState<ReadonlyMap<string, string>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [busy, setBusy] = useState<string | null>(null);

  const book = (c: DueClient, slot: DueSlot) => {
    setBusy(c.client_id);
    setErrors(new Map());
    create.mutate(
      { client_id: c.client_id, therapist_id: c.therapist_id, service_id: c.service_id, starts_at: slot.starts_at },
      {
        onSuccess: () => {
          setBooked(new Map(booked).set(c.client_id, `${c.given_name} ${c.family_name}: ${slotLabel(slot, zone)} with ${c.therapist_name}`));
          void queryClient.invalidateQueries({ queryKey: careKeys.allDue });
        },
        onError: (error) => {
          const taken = error instanceof ApiProblem && error.status === 409;
          setErrors(new Map([[c.client_id, taken ? 'That time was just taken. The free times are refreshed: pick another.' : error.message]]));
          void queryClient.invalidateQueries({ queryKey: careKeys.allDue });
        },
        onSettled: () => setBusy(null),
      },
    );
  };
  const groups = groupDue(due.data ?? [], new Set(booked.keys()));
  return (
    <div className="page rebooking">
      <div className="page-head">
        <h1>Due for rebooking</h1>
        <div className="field inline-field">
          <label htmlFor="due-ahead">Looking ahead</label>
          <select id="due-ahead" value={ahead} onChange={(e) => setAhead(Number(e.target.value))}>
            {AHEAD.map((a) => (
              <option key={a.days} value={a.days}>{a.label}</option>
            ))}
          </select>
        </div>
      </div>
      <div role="status">
        {booked.size ? (
          <ul className="notice-line booked-list">
            {[...booked.values()].map((text) => (
              <li key={text}>Booked {text}.</li>
            ))}
          </ul>
        ) : null}
      </div>
      {due.isPending ? <Loading what="who is due" /> : null}
      {due.isError ? <ErrorMessage error={due.error} /> : null}
      {due.data && groups.length === 0 ? <Empty>Nobody is due for rebooking in this time.</Empty> : null}
      {groups.map((g) => (
        <section key={g.status} aria-labelledby={`due-group-${g.status}`}>
          <h2 id={`due-group-${g.status}`}>
            {STATUS_NAMES[g.status]} <span className="muted">({g.clients.length})</span>
          </h2>
          <ul className="due-list">
            {g.clients.map((c) => (
              <DueRow key={c.client_id} client={c} zone={zone} busy={busy !== null} error={errors.get(c.client_id) ?? null}
                onBook={(slot) => book(c, slot)} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
