// One column of the grid: working hours shaded, time off and closed days blocked, a slot
// button every half hour (the keyboard's path through the day), bookings over them.
import type { Column } from './columns';
import { isMovable } from '../bookings/statuses';
import { BookingBlock, bookingSummary } from './BookingBlock';
import { placeLanes } from './layout';
import { clock, dayLabel } from './zone';

export const SLOT_MINUTES = 30;
export const PX_PER_MINUTE = 1.2;

interface Props {
  column: Column;
  index: number;
  first: number;
  last: number;
  zone: string;
  focus: { col: number; slot: number };
  nowMinutes: number | null;
  /** Names therapists on bookings when the column mixes them. */
  nameOf: ((id: string) => string) | null;
  onSlot: (column: Column, minutes: number) => void;
  onOpen: (id: string) => void;
  /** A booking dropped on a slot; absent where dragging is off (phones, read-only). */
  onDrop?: ((id: string, column: Column, minutes: number) => void) | undefined;
  canDrag: (therapistId: string) => boolean;
}

const top = (minutes: number, first: number) => `${(minutes - first) * PX_PER_MINUTE}px`;
const height = (start: number, end: number) => `${Math.max(end - start, 15) * PX_PER_MINUTE}px`;

export function DayColumn({ column, index, first, last, zone, focus, nowMinutes, nameOf, onSlot, onOpen, onDrop, canDrag }: Props) {
  const slots = Math.round((last - first) / SLOT_MINUTES);
  const where = `${dayLabel(column.date, 'long')}${column.therapist ? `, ${column.therapist.display_name}` : ''}`;
  const placed = placeLanes(column.bookings);
  return (
    <div className="cal-column" style={{ height: `${(last - first) * PX_PER_MINUTE}px` }}>
      {column.open.map((s, i) => (
        <div key={`open-${i}`} className="cal-open" style={{ top: top(s.start, first), height: height(s.start, s.end) }} />
      ))}
      {column.off.map((s, i) => (
        <div key={`off-${i}`} className="cal-off" style={{ top: top(s.start, first), height: height(s.start, s.end) }}>
          Time off: {s.reason}
        </div>
      ))}
      {Array.from({ length: Math.floor((last - first) / 60) }, (_, i) => (
        <div key={`hour-${i}`} className="cal-hour" style={{ top: top(first + (i + 1) * 60, first) }} />
      ))}
      {column.closed ? <div className="cal-closed">Closed: {column.closed.name}</div> : null}
      {Array.from({ length: slots }, (_, slot) => {
        const minutes = first + slot * SLOT_MINUTES;
        const here = column.bookings.filter(
          (b) => b.start < minutes + SLOT_MINUTES && b.end > minutes && b.booking.status !== 'cancelled',
        );
        const label = here.length
          ? `${where}, ${clock(minutes)}: ${here
              .map((b) => bookingSummary(b.booking, zone, nameOf ? nameOf(b.booking.therapist_id) : null))
              .join('; ')}`
          : `${where}, ${clock(minutes)}, free: new booking`;
        const focused = focus.col === index && focus.slot === slot;
        return (
          <button
            key={slot}
            type="button"
            className="cal-slot"
            data-slot={`${index}-${slot}`}
            tabIndex={focused ? 0 : -1}
            style={{ top: top(minutes, first), height: `${SLOT_MINUTES * PX_PER_MINUTE}px` }}
            aria-label={label}
            onClick={() => onSlot(column, minutes)}
            onDragOver={onDrop ? (e) => e.preventDefault() : undefined}
            onDrop={
              onDrop
                ? (e) => {
                    const id = e.dataTransfer.getData('application/x-knead-booking');
                    if (id) onDrop(id, column, minutes);
                  }
                : undefined
            }
          />
        );
      })}
      {placed.map(({ item, lane, lanes }) => (
        <BookingBlock
          key={item.booking.id}
          booking={item.booking}
          zone={zone}
          therapistName={nameOf ? nameOf(item.booking.therapist_id) : null}
          onOpen={onOpen}
          draggable={onDrop !== undefined && isMovable(item.booking.status) && canDrag(item.booking.therapist_id)}
          style={{
            top: top(item.start, first),
            height: height(item.start, item.end),
            left: `calc(${(lane / lanes) * 100}% + 2px)`,
            width: `calc(${100 / lanes}% - 4px)`,
          }}
        />
      ))}
      {nowMinutes !== null && nowMinutes >= first && nowMinutes <= last ? (
        <div className="cal-now" style={{ top: top(nowMinutes, first) }} aria-hidden="true" />
      ) : null}
    </div>
  );
}
