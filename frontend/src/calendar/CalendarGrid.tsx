// The week or day grid. The half-hour slots form one roving tab stop: arrow keys move between
// slots (up, down) and columns (left, right), Home and End jump to the first and last slot,
// Enter opens the booking in the slot or starts a new one there.
import { useRef, useState, type KeyboardEvent } from 'react';
import type { Column, View } from './columns';
import { DayColumn, PX_PER_MINUTE, SLOT_MINUTES } from './DayColumn';
import { clock, dayLabel, type LocalDate } from './zone';

interface Props {
  view: View;
  columns: readonly Column[];
  zone: string;
  first: number;
  last: number;
  today: LocalDate;
  nowMinutes: number;
  nameOf: ((id: string) => string) | null;
  onSlot: (column: Column, minutes: number) => void;
  onOpen: (id: string) => void;
  onDrop?: ((id: string, column: Column, minutes: number) => void) | undefined;
  canDrag: (therapistId: string) => boolean;
}

function startFocus(columns: readonly Column[], today: LocalDate, first: number, nowMinutes: number) {
  const col = Math.max(0, columns.findIndex((c) => c.date === today));
  const target = columns[col]?.date === today ? nowMinutes : 9 * 60;
  return { col, slot: Math.max(0, Math.floor((target - first) / SLOT_MINUTES)) };
}

export function CalendarGrid({ view, columns, zone, first, last, today, nowMinutes, nameOf, onSlot, onOpen, onDrop, canDrag }: Props) {
  const grid = useRef<HTMLDivElement>(null);
  const slots = Math.round((last - first) / SLOT_MINUTES);
  const [focus, setFocus] = useState(() => startFocus(columns, today, first, nowMinutes));
  const current = { col: Math.min(focus.col, columns.length - 1), slot: Math.min(focus.slot, slots - 1) };

  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      Home: [0, -slots],
      End: [0, slots],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const next = {
      col: Math.min(columns.length - 1, Math.max(0, current.col + move[0])),
      slot: Math.min(slots - 1, Math.max(0, current.slot + move[1])),
    };
    setFocus(next);
    grid.current?.querySelector<HTMLElement>(`[data-slot="${next.col}-${next.slot}"]`)?.focus();
  };

  const hours = Array.from({ length: (last - first) / 60 }, (_, i) => first + i * 60);
  return (
    <div
      className="cal-grid"
      ref={grid}
      style={{ gridTemplateColumns: `3.5rem repeat(${columns.length}, minmax(0, 1fr))` }}
      role="group"
      aria-label="Calendar slots"
      aria-describedby="cal-keys"
      onKeyDown={onKeyDown}
    >
      <div className="cal-corner" />
      {columns.map((c) => (
        <div key={c.key} className={`cal-head${c.date === today ? ' is-today' : ''}`}>
          <strong>{view === 'day' ? (c.therapist?.display_name ?? dayLabel(c.date)) : dayLabel(c.date)}</strong>
        </div>
      ))}
      <div className="cal-axis">
        {hours.map((m) => (
          <span key={m} style={{ top: `${(m - first) * PX_PER_MINUTE}px` }}>
            {clock(m)}
          </span>
        ))}
      </div>
      {columns.map((c, i) => (
        <DayColumn
          key={c.key}
          column={c}
          index={i}
          first={first}
          last={last}
          zone={zone}
          focus={current}
          nowMinutes={c.date === today ? nowMinutes : null}
          nameOf={nameOf}
          onSlot={onSlot}
          onOpen={onOpen}
          onDrop={onDrop}
          canDrag={canDrag}
        />
      ))}
      <p id="cal-keys" className="visually-hidden">
        Arrow keys move between half-hour slots and days; Enter opens the booking in a slot or books a free one.
      </p>
    </div>
  );
}
