// One booking on the grid: time, client, service, room, the handling alert (never the
// condition), a series marker, coloured by status.
import type { BookingView } from '../api/types';
import { statusLabel } from '../bookings/statuses';
import { timeIn } from './zone';

interface Props {
  booking: BookingView;
  zone: string;
  therapistName: string | null;
  style: React.CSSProperties;
  onOpen: (id: string) => void;
  /** Whether it may be dragged to another slot (desktop; scheduled or confirmed). */
  draggable?: boolean;
}

export function bookingSummary(b: BookingView, zone: string, therapistName: string | null): string {
  const alert = b.client.alerts[0];
  return [
    `${timeIn(b.starts_at, zone)}–${timeIn(b.ends_at, zone)}`,
    `${b.client.given_name} ${b.client.family_name}`,
    b.service_name,
    therapistName,
    b.room_name,
    statusLabel(b.status),
    b.cancellation?.late ? 'late cancellation' : null,
    b.series_id ? 'series' : null,
    b.outside_hours ? 'outside hours' : null,
    alert ? `${alert.severity}: ${alert.handling}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

export function BookingBlock({ booking: b, zone, therapistName, style, onOpen, draggable = false }: Props) {
  const alert = b.client.alerts[0];
  return (
    <button
      type="button"
      tabIndex={-1}
      className={`booking status-${b.status}`}
      style={style}
      aria-label={bookingSummary(b, zone, therapistName)}
      data-booking-id={b.id}
      draggable={draggable}
      onDragStart={(e) => e.dataTransfer.setData('application/x-knead-booking', b.id)}
      onClick={() => onOpen(b.id)}
    >
      <span className="booking-time">
        {timeIn(b.starts_at, zone)}
        {b.series_id ? (
          <span className="series-mark" title="Part of a series" aria-hidden="true">
            {' '}
            ↻
          </span>
        ) : null}
      </span>
      <strong className="booking-client">
        {b.client.given_name} {b.client.family_name}
      </strong>
      <span className="booking-meta">
        {b.service_name}
        {therapistName ? ` · ${therapistName}` : ''}
        {b.room_name ? ` · ${b.room_name}` : ''}
      </span>
      {b.outside_hours ? <span className="booking-meta">Outside hours</span> : null}
      {b.status === 'cancelled' ? (
        <span className="booking-meta">{b.cancellation?.late ? 'Late cancellation' : 'Cancelled'}</span>
      ) : null}
      {alert ? (
        <span className={`badge severity-${alert.severity}`}>
          {alert.severity}: {alert.handling}
        </span>
      ) : null}
    </button>
  );
}
