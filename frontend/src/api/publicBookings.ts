// A client's own booking, opened from the one-time link in a booking email: read, and
// cancelled. No login: the token in the path is the only credential.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { PublicBooking } from './types';

const publicBookingKeys = { booking: (token: string) => ['public-booking', token] as const };

export function usePublicBooking(token: string) {
  const api = useApi();
  return useQuery({
    queryKey: publicBookingKeys.booking(token),
    queryFn: async () => unwrap(await api.GET('/v1/public/bookings/{token}', { params: { path: { token } } })),
    enabled: token !== '',
    retry: false,
  });
}

export function useCancelPublicBooking(token: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/public/bookings/{token}/cancel', { params: { path: { token } } })),
    onSuccess: (booking) => queryClient.setQueryData<PublicBooking>(publicBookingKeys.booking(token), booking),
    // Refused (409: started, or cancelled meanwhile): show the booking as it now is.
    onError: () => queryClient.invalidateQueries({ queryKey: publicBookingKeys.booking(token) }),
  });
}
