import { describe, expect, it } from 'vitest';
import type { BookingView, StaffView } from '../api/types';
import { buildColumns, type CalendarData } from './columns';

const maya = { id: 'maya', display_name: 'Maya', role: 'therapist', active: true } as StaffView;
const jordan = { id: 'jordan', display_name: 'Jordan', role: 'therapist', active: true } as StaffView;

function booking(id: string, therapist: string, starts: string, ends: string): BookingView {
  return { id, therapist_id: therapist, starts_at: starts, ends_at: ends, status: 'scheduled' } as BookingView;
}

const data: CalendarData = {
  zone: 'America/Denver',
  therapists: [maya, jordan],
  hours: new Map([
    ['maya', [{ weekday: 'thursday', starts: '09:00:00', ends: '12:00:00' }, { weekday: 'thursday', starts: '13:00', ends: '18:00' }]],
    ['jordan', [{ weekday: 'friday', starts: '08:00', ends: '16:00' }]],
  ]),
  timeOff: new Map([
    ['maya', [{ id: 't', staff_id: 'maya', reason: 'Course', created_at: '', starts_at: '2026-12-03T20:00:00Z', ends_at: '2026-12-05T00:00:00Z' }]],
  ]),
  closedDays: [{ id: 'c', date: '2026-12-25', name: 'Christmas' }],
  bookings: [
    // 17:30 Denver on Wednesday is 00:30 UTC on Thursday: it belongs to Wednesday's column.
    booking('late-wed', 'maya', '2026-12-03T00:30:00Z', '2026-12-03T01:30:00Z'),
    booking('thu', 'jordan', '2026-12-03T17:00:00Z', '2026-12-03T18:00:00Z'),
  ],
};

describe('buildColumns', () => {
  it('gives a week of days in the practice’s zone, bookings on their local day', () => {
    const week = buildColumns('week', '2026-11-30', null, data);
    expect(week.map((c) => c.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(week[2]?.bookings.map((b) => [b.booking.id, b.start, b.end])).toEqual([['late-wed', 17 * 60 + 30, 18 * 60 + 30]]);
    expect(week[3]?.bookings.map((b) => b.booking.id)).toEqual(['thu']);
  });

  it('gives one column per therapist on a day, with their hours and time off clipped to the day', () => {
    const [m, j] = buildColumns('day', '2026-12-03', null, data);
    expect(m?.open).toEqual([
      { start: 540, end: 720 },
      { start: 780, end: 1080 },
    ]);
    // 20:00 UTC is 13:00 in Denver; the time off runs to the day's end.
    expect(m?.off).toEqual([{ start: 780, end: 1440, reason: 'Course' }]);
    expect(j?.open).toEqual([]);
    expect(j?.bookings.map((b) => b.booking.id)).toEqual(['thu']);
  });

  it('marks closed days', () => {
    const [c] = buildColumns('day', '2026-12-25', maya, data);
    expect(c?.closed?.name).toBe('Christmas');
  });
});
