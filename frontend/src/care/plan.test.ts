import { describe, expect, it } from 'vitest';
import type { BookingView, CarePlanView } from '../api/types';
import { planBookings } from './plan';

const plan = {
  id: 'p',
  client_id: 'c',
  therapist_id: 'maya',
  service_id: 'massage',
  light_service_id: 'flush',
  phases: [
    { kind: 'build', starts_on: '2026-12-03', ends_on: '2027-01-10', cadence: { kind: 'every', days: 7 } },
    { kind: 'rehab', starts_on: '2027-01-11', ends_on: '2027-02-01', cadence: { kind: 'every', days: 7 }, service_id: 'rehab' },
  ],
} as unknown as CarePlanView;

function booking(id: string, startsAt: string, over: Partial<BookingView> = {}): BookingView {
  return { id, starts_at: startsAt, status: 'scheduled', therapist_id: 'maya', service_id: 'massage', ...over } as BookingView;
}

describe('planBookings', () => {
  it('keeps the plan therapist’s sessions of its services inside its local dates', () => {
    const all = [
      booking('in', '2026-12-10T16:00:00Z'),
      booking('light', '2027-01-05T16:00:00Z', { service_id: 'flush' }),
      booking('phase-service', '2027-01-20T16:00:00Z', { service_id: 'rehab' }),
      booking('other-therapist', '2026-12-10T16:00:00Z', { therapist_id: 'jordan' }),
      booking('other-service', '2026-12-10T16:00:00Z', { service_id: 'hot-stone' }),
      booking('cancelled', '2026-12-10T16:00:00Z', { status: 'cancelled' }),
      // 18:00 on 2 Dec in Denver is already 3 Dec in UTC: before the plan locally.
      booking('before', '2026-12-03T01:00:00Z'),
      // 20:00 on 1 Feb in Denver, the plan's last day, is 2 Feb in UTC.
      booking('last-day', '2027-02-02T03:00:00Z'),
    ];
    expect(planBookings(plan, all, 'America/Denver').map((b) => b.id)).toEqual(['in', 'light', 'phase-service', 'last-day']);
  });
});
