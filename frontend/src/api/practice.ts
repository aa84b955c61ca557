// The practice (name, zone, cancellation window), its closed days, and the signed-in
// person's own password.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, useServices } from './context';
import { callJson, type ClosedDay } from './pending';
import { unwrap, unwrapTagged } from './problem';
import type { ChangePassword, PracticeUpdate } from './types';

export const practiceKeys = {
  practice: ['practice'] as const,
  closedDays: (from: string, to: string) => ['closed-days', from, to] as const,
  allClosedDays: ['closed-days'] as const,
};

export function usePractice() {
  const api = useApi();
  return useQuery({
    queryKey: practiceKeys.practice,
    queryFn: async () => unwrapTagged(await api.GET('/v1/practice')),
    staleTime: 5 * 60_000,
  });
}

export function useUpdatePractice() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ etag, body }: { etag: string; body: PracticeUpdate }) =>
      unwrapTagged(await api.PATCH('/v1/practice', { body, params: { header: { 'If-Match': etag } } })),
    onSuccess: (tagged) => {
      queryClient.setQueryData(practiceKeys.practice, tagged);
      // Other reads of the practice (the automatic-logoff time) sit under the same key.
      void queryClient.invalidateQueries({ queryKey: practiceKeys.practice, exact: false, predicate: (q) => q.queryKey.length > 1 });
    },
  });
}

/** Closed days between two dates (inclusive), for every role. */
export function useClosedDays(from: string, to: string) {
  const { session } = useServices();
  return useQuery({
    queryKey: practiceKeys.closedDays(from, to),
    queryFn: () => callJson<ClosedDay[]>(session, 'GET', `/v1/closed-days?from=${from}&to=${to}`),
    // A server without closed days answers 404: the calendar shows none rather than failing.
    retry: false,
  });
}

export function useCreateClosedDay() {
  const { session } = useServices();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { date: string; name: string }) => callJson<ClosedDay>(session, 'POST', '/v1/closed-days', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: practiceKeys.allClosedDays }),
  });
}

export function useDeleteClosedDay() {
  const { session } = useServices();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => callJson<undefined>(session, 'DELETE', `/v1/closed-days/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: practiceKeys.allClosedDays }),
  });
}

export function useChangePassword() {
  const api = useApi();
  return useMutation({
    mutationFn: async (body: ChangePassword) => {
      unwrap(await api.POST('/v1/me/password', { body }));
    },
  });
}
