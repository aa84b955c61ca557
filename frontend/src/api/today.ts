// The therapist's day: their bookings between two instants, in start order.
import { useQuery } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { components } from './schema';

export type BookingView = components['schemas']['BookingView'];

export function useDayBookings(therapistId: string | undefined, from: string, to: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['day-bookings', therapistId ?? '', from] as const,
    queryFn: async () => {
      const page = unwrap(
        await api.GET('/v1/bookings', {
          params: { query: { therapist_id: therapistId ?? '', from, to, limit: 100 } },
        }),
      );
      return page.items
        .filter((b) => b.status !== 'cancelled')
        .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    },
    enabled: therapistId !== undefined,
  });
}
