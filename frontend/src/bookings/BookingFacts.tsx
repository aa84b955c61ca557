// What a booking is: who, what, when (in the practice's zone), where, its state, the client's
// handling alerts (never the condition), its series, an override and a cancellation.
import { Link } from 'react-router';
import type { BookingView } from '../api/types';
import { useVocabulary } from '../api/vocabulary';
import { dayLabel, localDateOf, timeIn } from '../calendar/zone';
import { AlertBadges } from '../clients/AlertBadges';
import { formatDateTime } from '../ui/format';
import { statusLabel } from './statuses';

interface Props {
  booking: BookingView;
  zone: string;
  therapist: string;
  /** A staff member's name by id (who overrode). */
  nameOf: (id: string) => string;
}

export function BookingFacts({ booking: b, zone, therapist, nameOf }: Props) {
  const override = b.override ?? null;
  const vocabulary = useVocabulary().data;
  const reasons = vocabulary?.cancellation_reasons ?? [];
  const overrideLabel = vocabulary?.override_reasons.find((r) => r.code === override?.code)?.label;
  return (
    <>
      <p className="booking-when">
        <strong>{dayLabel(localDateOf(new Date(b.starts_at), zone), 'long')}</strong>, {timeIn(b.starts_at, zone)}–
        {timeIn(b.ends_at, zone)}
      </p>
      <AlertBadges alerts={b.client.alerts} />
      <dl className="details">
        <dt>Client</dt>
        <dd>
          <Link to={`/clients/${b.client.id}`}>
            {b.client.given_name} {b.client.family_name}
          </Link>
        </dd>
        <dt>Service</dt>
        <dd>{b.service_name}</dd>
        <dt>Therapist</dt>
        <dd>{therapist}</dd>
        <dt>Room</dt>
        <dd>{b.room_name ?? '—'}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`badge status-${b.status}`}>{statusLabel(b.status)}</span>
          {b.cancellation?.late ? <span className="badge severity-avoid"> Late cancellation</span> : null}
        </dd>
        {b.cancellation ? (
          <>
            <dt>Cancelled</dt>
            <dd>
              {formatDateTime(b.cancellation.cancelled_at)}:{' '}
              {reasons.find((r) => r.code === b.cancellation?.reason)?.label ?? b.cancellation.reason}
              {b.cancellation.note ? `: ${b.cancellation.note}` : ''}
            </dd>
          </>
        ) : null}
        {b.series_id ? (
          <>
            <dt>Series</dt>
            <dd>Part of a repeating series</dd>
          </>
        ) : null}
        {override ? (
          <>
            <dt>Outside hours</dt>
            <dd>
              {overrideLabel ?? override.code}
              {override.note ? `: ${override.note}` : ''} ({nameOf(override.by)}, {formatDateTime(b.created_at)})
            </dd>
          </>
        ) : b.outside_hours ? (
          <>
            <dt>Outside hours</dt>
            <dd>Booked outside working hours on purpose</dd>
          </>
        ) : null}
      </dl>
    </>
  );
}
