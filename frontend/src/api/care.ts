// Runner-aware care: a client's care plans (start one from races, suggest sessions, accept or
// turn proposals down) and progress flags — clinical, asked for only by owners and therapists —
// and the rebooking list every role may read (it carries no plan, phase or reason).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { bookingKeys } from './bookings';
import { idempotencyKey } from './client';
import { useApi } from './context';
import { unwrap } from './problem';
import type { NewCarePlan, ProposalView } from './types';

export const careKeys = {
  plans: (clientId: string) => ['client', clientId, 'care-plans'] as const,
  flags: (clientId: string) => ['client', clientId, 'flags'] as const,
  due: (from: string, to: string) => ['rebooking-due', from, to] as const,
  allDue: ['rebooking-due'] as const,
};

/** Clinical: a client's plans, newest (the active one) first. */
export function useCarePlans(clientId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.plans(clientId),
    queryFn: async () => unwrap(await api.GET('/v1/clients/{id}/care-plans', { params: { path: { id: clientId } } })),
    enabled,
  });
}

/** Clinical: starts a plan (built from the client's races when no phases are given). */
export function useCreateCarePlan(clientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewCarePlan) =>
      unwrap(
        await api.POST('/v1/clients/{id}/care-plans', {
          body,
          params: { path: { id: clientId }, header: { 'Idempotency-Key': idempotencyKey() } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: careKeys.plans(clientId) }),
  });
}

/** Clinical: proposed sessions for the coming weeks; nothing is booked. */
export function useSuggestSessions(planId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async (weeks?: number) =>
      unwrap(
        await api.POST('/v1/care-plans/{id}/suggest', { body: { weeks: weeks ?? null }, params: { path: { id: planId } } }),
      ),
  });
}

/**
 * Clinical: books proposals as proposed, all or none. The key is made once per press, so a
 * retried request books once; a clash is a 409 naming the proposal, with nothing booked.
 */
export function useAcceptProposals(planId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (proposals: ProposalView[]) =>
      unwrap(
        await api.POST('/v1/care-plans/{id}/accept', {
          body: { proposals },
          params: { path: { id: planId }, header: { 'Idempotency-Key': idempotencyKey() } },
        }),
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: bookingKeys.all }),
        queryClient.invalidateQueries({ queryKey: careKeys.allDue }),
      ]),
  });
}

/** Clinical: turns proposals down; they are not proposed again for this plan. */
export function useRejectProposals(planId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async (keys: string[]) => {
      unwrap(await api.POST('/v1/care-plans/{id}/reject', { body: { keys }, params: { path: { id: planId } } }));
    },
  });
}

/** Clinical: trends per region and flags for one client. */
export function useClientFlags(clientId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.flags(clientId),
    queryFn: async () => unwrap(await api.GET('/v1/clients/{id}/flags', { params: { path: { id: clientId } } })),
    enabled,
  });
}

/** Who to call about their next visit between two local dates (every role; no clinical content). */
export function useRebookingDue(from: string, to: string) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.due(from, to),
    queryFn: async () => unwrap(await api.GET('/v1/rebooking/due', { params: { query: { from, to } } })),
  });
}
