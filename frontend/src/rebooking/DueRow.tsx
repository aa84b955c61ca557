// One client to call: name, phone, since when, last visit, their therapist, and the
// therapist's next free slots, each booked with one click. Nothing of a plan is shown.
import { Link } from 'react-router';
import type { DueClient, DueSlot } from '../api/types';
import { dayLabel, localDateOf, timeIn } from '../calendar/zone';
import { sinceWhen, STATUS_NAMES } from './due';

interface Props {
  client: DueClient;
  zone: string;
  busy: boolean;
  error: string | null;
  onBook: (slot: DueSlot) => void;
}

export function slotLabel(slot: DueSlot, zone: string): string {
  return `${dayLabel(localDateOf(new Date(slot.starts_at), zone))}, ${timeIn(slot.starts_at, zone)}`;
}

export function DueRow({ client: c, zone, busy, error, onBook }: Props) {
  const name = `${c.given_name} ${c.family_name}`;
  const headingId = `due-${c.client_id}`;
  return (
    <li className="due-row card" aria-labelledby={headingId}>
      <div className="due-who">
        <h3 id={headingId}>
          <Link to={`/clients/${c.client_id}`}>{name}</Link>{' '}
          <span className={`badge due-${c.status}`}>{STATUS_NAMES[c.status]}</span>
        </h3>
        <p>
          {c.phone ? <a href={`tel:${c.phone.replace(/\s/g, '')}`}>{c.phone}</a> : <span className="muted">No phone</span>}
          {c.email ? <span className="muted"> · {c.email}</span> : null}
        </p>
        <p>{sinceWhen(c)}</p>
        <p className="muted">
          Last visit {c.last_session_on ? dayLabel(c.last_session_on) : 'none on record'} · with {c.therapist_name}
        </p>
      </div>
      <div className="due-slots">
        <p className="muted">Next free with {c.therapist_name}:</p>
        {c.slots.length === 0 ? <p className="empty">No free time in the next weeks.</p> : null}
        <div className="inline">
          {c.slots.map((s) => (
            <button key={s.starts_at} type="button" className="button" disabled={busy} onClick={() => onBook(s)}
              aria-label={`Book ${slotLabel(s, zone)} for ${name}`}>
              Book {slotLabel(s, zone)}
            </button>
          ))}
        </div>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
      </div>
    </li>
  );
}
