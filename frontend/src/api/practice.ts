// The practice (name, zone, cancellation window), its closed days, and the signed-in
// person's own password.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap, unwrapTagged } from './problem';
import type { ChangePassword, NewClosedDay, PracticeUpdate } from './types';

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
  const api = useApi();
  return useQuery({
    queryKey: practiceKeys.closedDays(from, to),
    queryFn: async () => unwrap(await api.GET('/v1/closed-days', { params: { query: { from, to } } })),
  });
}

export function useCreateClosedDay() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewClosedDay) => unwrap(await api.POST('/v1/closed-days', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: practiceKeys.allClosedDays }),
  });
}

export function useDeleteClosedDay() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE('/v1/closed-days/{id}', { params: { path: { id } } }));
    },
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
