// Clients: the list, one client with its races and (clinical) alerts, and creating one.
import { useMutation, useQuery } from '@tanstack/react-query';
import { idempotencyKey } from './client';
import { useApi } from './context';
import { unwrap } from './problem';
import type { NewClient } from './types';

/** Everything cached about one client sits under `client(id)`, so invalidating it refetches all. */
export const clientKeys = {
  list: (q: string, cursor: string | undefined) => ['clients', q, cursor ?? ''] as const,
  client: (id: string) => ['client', id] as const,
  races: (id: string) => ['client', id, 'races'] as const,
  alerts: (id: string) => ['client', id, 'alerts'] as const,
};

export const CLIENT_PAGE_SIZE = 20;

export function useClients(q: string, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: clientKeys.list(q, cursor),
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/clients', {
          params: { query: { q: q || undefined, cursor, limit: CLIENT_PAGE_SIZE, sort: 'name' } },
        }),
      ),
    placeholderData: (previous) => previous,
  });
}

export function useClient(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: clientKeys.client(id),
    queryFn: async () => unwrap(await api.GET('/v1/clients/{id}', { params: { path: { id } } })),
  });
}

export function useRaces(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: clientKeys.races(id),
    queryFn: async () =>
      unwrap(await api.GET('/v1/clients/{id}/races', { params: { path: { id } } })),
  });
}

/** Clinical: the conditions behind the alerts. Only asked for by owners and therapists. */
export function useClinicalAlerts(id: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: clientKeys.alerts(id),
    queryFn: async () =>
      unwrap(await api.GET('/v1/clients/{id}/alerts', { params: { path: { id } } })),
    enabled,
  });
}

export function useCreateClient() {
  const api = useApi();
  return useMutation({
    mutationFn: async (body: NewClient) =>
      unwrap(
        await api.POST('/v1/clients', {
          body,
          params: { header: { 'Idempotency-Key': idempotencyKey() } },
        }),
      ),
  });
}
