// Bookings: a calendar range, one booking with its ETag, free slots, and the writes (book,
// move, change status, cancel). Every write refreshes whatever bookings are cached.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { idempotencyKey } from './client';
import { useApi } from './context';
import { unwrap, unwrapTagged } from './problem';
import type { BookingPatch, BookingView, CancelInput, NewBooking } from './types';

export const bookingKeys = {
  all: ['bookings'] as const,
  range: (from: string, to: string, therapist: string) => ['bookings', 'range', from, to, therapist] as const,
  client: (id: string) => ['bookings', 'client', id] as const,
  one: (id: string) => ['bookings', 'one', id] as const,
  availability: (service: string, therapist: string, from: string, to: string) =>
    ['availability', service, therapist, from, to] as const,
};

export interface BookingQuery {
  from: string;
  to: string;
  therapistId?: string | undefined;
  clientId?: string | undefined;
}

/** Every booking in a range, however many pages the API answers in. */
export function useBookings(q: BookingQuery, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: q.clientId ? [...bookingKeys.client(q.clientId), q.from, q.to] : bookingKeys.range(q.from, q.to, q.therapistId ?? ''),
    queryFn: async () => {
      const all: BookingView[] = [];
      let cursor: string | undefined;
      do {
        const page = unwrap(
          await api.GET('/v1/bookings', {
            params: {
              query: { from: q.from, to: q.to, therapist_id: q.therapistId, client_id: q.clientId, limit: 200, cursor },
            },
          }),
        );
        all.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return all;
    },
    enabled,
    placeholderData: (previous) => previous,
  });
}

export function useBooking(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: bookingKeys.one(id ?? ''),
    queryFn: async () => unwrapTagged(await api.GET('/v1/bookings/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: id !== null,
    staleTime: 0,
  });
}

export interface AvailabilityQuery {
  serviceId: string;
  therapistId: string;
  from: string;
  to: string;
}

export function useAvailability(q: AvailabilityQuery | null) {
  const api = useApi();
  return useQuery({
    queryKey: bookingKeys.availability(q?.serviceId ?? '', q?.therapistId ?? '', q?.from ?? '', q?.to ?? ''),
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/availability', {
          params: {
            query: {
              service_id: q?.serviceId ?? '',
              therapist_id: q?.therapistId || undefined,
              from: q?.from ?? '',
              to: q?.to ?? '',
              step_minutes: 15,
            },
          },
        }),
      ),
    enabled: q !== null,
  });
}

function useRefreshBookings() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: bookingKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['series'] }),
      queryClient.invalidateQueries({ queryKey: ['availability'] }),
    ]);
}

export type NewBookingInput = NewBooking;

export function useCreateBooking() {
  const api = useApi();
  const refresh = useRefreshBookings();
  return useMutation({
    mutationFn: async (body: NewBookingInput) =>
      unwrap(
        await api.POST('/v1/bookings', { body, params: { header: { 'Idempotency-Key': idempotencyKey() } } }),
      ),
    onSuccess: refresh,
  });
}

export function useUpdateBooking() {
  const api = useApi();
  const refresh = useRefreshBookings();
  return useMutation({
    mutationFn: async ({ id, etag, body }: { id: string; etag: string; body: BookingPatch }) =>
      unwrapTagged(
        await api.PATCH('/v1/bookings/{id}', { body, params: { path: { id }, header: { 'If-Match': etag } } }),
      ),
    onSuccess: refresh,
  });
}

export function useCancelBooking() {
  const api = useApi();
  const refresh = useRefreshBookings();
  return useMutation({
    mutationFn: async ({ id, etag, body }: { id: string; etag: string; body: CancelInput }) => {
      return unwrap(
        await api.POST('/v1/bookings/{id}/cancel', { body, params: { path: { id }, header: { 'If-Match': etag } } }),
      );
    },
    onSuccess: refresh,
  });
}

export { useRefreshBookings };

/**
 * A drag on the calendar: the booking is read for its current version and moved to the slot
 * it was dropped on (another therapist's column moves it to them). A change made since the
 * read still answers 412.
 */
export function useDropBooking() {
  const api = useApi();
  const refresh = useRefreshBookings();
  return useMutation({
    mutationFn: async ({ id, startsAt, therapistId }: { id: string; startsAt: string; therapistId?: string | undefined }) => {
      const { data, etag } = unwrapTagged(await api.GET('/v1/bookings/{id}', { params: { path: { id } } }));
      const body = { starts_at: startsAt, ...(therapistId && therapistId !== data.therapist_id ? { therapist_id: therapistId } : {}) };
      return unwrap(await api.PATCH('/v1/bookings/{id}', { body, params: { path: { id }, header: { 'If-Match': etag } } }));
    },
    onSettled: refresh,
  });
}
