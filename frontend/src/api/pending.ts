// The one part of the API contract the spec does not carry yet: the reason for booking
// outside hours (`override_reason` on NewBooking and NewSeries, `override` on BookingView).
// `/v1/vocabulary` already lists the reasons; until the booking bodies take one, the app
// books outside hours with `outside_hours` alone. When `npm run gen:api` brings the field,
// set ACCEPTS_OVERRIDE_REASON and let these types give way to the generated ones.
import type { BookingView } from './types';

export const ACCEPTS_OVERRIDE_REASON: boolean = false;

export interface OverrideReason {
  code: string;
  note?: string;
}

export interface OverrideView {
  by_name: string;
  code: string;
  note: string | null;
  at: string;
}

export function overrideOf(booking: BookingView): OverrideView | null {
  return (booking as BookingView & { override?: OverrideView | null }).override ?? null;
}
