// One booking of the day: time, client and service; the client's alerts (with the conditions
// behind them), progress flags (their own clinical call), latest pain areas, the last note's
// plan and home care, the next race; and "Start note" or "Open note".
import { Link } from 'react-router';
import { useClientFlags } from '../api/care';
import { useClinicalAlerts, useRaces } from '../api/clients';
import { useRole } from '../api/context';
import { isClinical } from '../api/roles';
import { useIntakeForms } from '../api/intake';
import { useClientNotes } from '../api/notes';
import type { BookingView } from '../api/today';
import type { Vocabulary } from '../api/types';
import { labelOf } from '../api/vocabulary';
import { areaName } from '../bodymap/model';
import { FlagList } from '../care/FlagList';
import { HOME_CARE_KINDS } from '../notes/homeCare';
import { formatDate, formatDistance } from '../ui/format';
import { isoDay, timeOf } from './day';

interface Props {
  booking: BookingView;
  vocabulary: Vocabulary;
  noteId: string | null;
}

export function BookingCard({ booking, vocabulary, noteId }: Props) {
  const client = booking.client;
  const name = `${client.given_name} ${client.family_name}`;
  const alerts = useClinicalAlerts(client.id, client.alerts.length > 0);
  const intake = useIntakeForms(client.id, true);
  const notes = useClientNotes(client.id, true);
  const races = useRaces(client.id);
  const flags = useClientFlags(client.id, isClinical(useRole()));
  const last = notes.data?.find((n) => n.booking_id !== booking.id);
  const pain = intake.data?.[0]?.pain_areas ?? [];
  const today = isoDay(new Date());
  const race = races.data?.filter((r) => r.date >= today).sort((a, b) => a.date.localeCompare(b.date))[0];
  const headingId = `booking-${booking.id}`;
  return (
    <li className="booking-card card" aria-labelledby={headingId}>
      <div className="card-head">
        <h2 id={headingId}>
          <span className="booking-time">{timeOf(booking.starts_at)}–{timeOf(booking.ends_at)}</span>{' '}
          <Link to={`/clients/${client.id}`}>{name}</Link>
        </h2>
        <Link className="button primary" to={noteId ? `/notes/${noteId}` : `/notes/new?booking=${booking.id}`}
          aria-label={`${noteId ? 'Open note' : 'Start note'} for ${name}`}>
          {noteId ? 'Open note' : 'Start note'}
        </Link>
      </div>
      <p className="muted">{booking.service_name}{booking.room_name ? ` · ${booking.room_name}` : ''}</p>
      {client.alerts.length > 0 ? (
        <ul className="alert-badges" aria-label={`Alerts for ${name}`}>
          {(alerts.data ?? client.alerts.map((a) => ({ ...a, label: '' }))).map((a, i) => (
            <li key={i} className={`badge severity-${a.severity}`}>
              {a.label ? `${a.label}: ` : ''}{a.handling}
            </li>
          ))}
        </ul>
      ) : null}
      {flags.data?.flags.length ? (
        <FlagList flags={flags.data.flags} label={`Progress flags for ${name}`} />
      ) : null}
      <dl className="details">
        <dt>Pain areas</dt>
        <dd>
          {pain.length
            ? pain.map((p) => `${areaName(labelOf(vocabulary.body_regions, p.region), p.side)} ${p.intensity}/10`).join(', ')
            : 'None recorded'}
        </dd>
        <dt>Last plan</dt>
        <dd>{last ? `${last.plan ?? '—'} (${formatDate(last.session_date)})` : 'No earlier note'}</dd>
        <dt>Home care</dt>
        <dd>
          {last?.home_care.length
            ? last.home_care.map((h) => `${HOME_CARE_KINDS.find((k) => k.id === h.kind)?.label ?? h.kind}${h.details ? ` (${h.details})` : ''}`).join(', ')
            : '—'}
        </dd>
        <dt>Next race</dt>
        <dd>{race ? `${race.name}, ${formatDate(race.date)}, ${formatDistance(race.distance_meters)}` : '—'}</dd>
      </dl>
    </li>
  );
}
