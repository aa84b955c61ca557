// Booking series: the preview of a rule's occurrences (nothing written), creating one, and
// the calendar edits "this and following" (split) and "all" (patch), each with If-Match.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRefreshBookings } from './bookings';
import { idempotencyKey } from './client';
import { useApi } from './context';
import { unwrap, unwrapTagged } from './problem';
import type { NewSeries, SeriesPatch, SeriesSplit } from './types';

export const seriesKeys = {
  one: (id: string) => ['series', 'one', id] as const,
  client: (id: string) => ['series', 'client', id] as const,
};

export type NewSeriesInput = NewSeries;

export function useSeries(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: seriesKeys.one(id ?? ''),
    queryFn: async () =>
      unwrapTagged(await api.GET('/v1/booking-series/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: id !== null,
    staleTime: 0,
  });
}

export function useClientSeries(clientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: seriesKeys.client(clientId),
    queryFn: async () =>
      unwrap(await api.GET('/v1/booking-series', { params: { query: { client_id: clientId, limit: 50 } } })).items,
  });
}

/** Every occurrence the rule gives, with what is in the way of each; writes nothing. */
export function usePreviewSeries() {
  const api = useApi();
  return useMutation({
    mutationFn: async (body: NewSeriesInput) => unwrap(await api.POST('/v1/booking-series/preview', { body })),
  });
}

export function useCreateSeries() {
  const api = useApi();
  const refresh = useRefreshBookings();
  return useMutation({
    mutationFn: async (body: NewSeriesInput) =>
      unwrap(
        await api.POST('/v1/booking-series', { body, params: { header: { 'Idempotency-Key': idempotencyKey() } } }),
      ),
    onSuccess: refresh,
  });
}

export function useSplitSeries() {
  const api = useApi();
  const refresh = useRefreshBookings();
  return useMutation({
    mutationFn: async ({ id, etag, body }: { id: string; etag: string; body: SeriesSplit }) =>
      unwrap(
        await api.POST('/v1/booking-series/{id}/split', {
          body,
          params: { path: { id }, header: { 'If-Match': etag } },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useChangeSeries() {
  const api = useApi();
  const refresh = useRefreshBookings();
  return useMutation({
    mutationFn: async ({ id, etag, body }: { id: string; etag: string; body: SeriesPatch }) =>
      unwrap(
        await api.PATCH('/v1/booking-series/{id}', { body, params: { path: { id }, header: { 'If-Match': etag } } }),
      ),
    onSuccess: refresh,
  });
}

/**
 * The series' first occurrence that has not started: "all" changes apply from it on, so a
 * move of the occurrence a person clicked is carried over to it.
 */
export function useNextOccurrence(seriesId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ['series', 'next', seriesId ?? ''],
    queryFn: async () => {
      const page = unwrap(
        await api.GET('/v1/bookings', {
          params: { query: { series_id: seriesId ?? '', from: new Date().toISOString(), limit: 1 } },
        }),
      );
      return page.items[0] ?? null;
    },
    enabled: seriesId !== null,
    staleTime: 0,
  });
}
