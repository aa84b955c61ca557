// Clients: the list, one client with its races and (clinical) alerts, creating and editing
// one, archiving, races and the client's calendar feed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { idempotencyKey } from './client';
import { useApi } from './context';
import { unwrap, unwrapTagged } from './problem';
import type { ClientPatch, NewClient, RaceInput } from './types';

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

/** One client with the ETag its edits send back (`If-Match`). */
export function useClient(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: clientKeys.client(id),
    queryFn: async () => unwrapTagged(await api.GET('/v1/clients/{id}', { params: { path: { id } } })),
  });
}

export function useUpdateClient(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ etag, body }: { etag: string; body: ClientPatch }) =>
      unwrapTagged(await api.PATCH('/v1/clients/{id}', { body, params: { path: { id }, header: { 'If-Match': etag } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKeys.client(id) }),
  });
}

export function useArchiveClient(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (archive: boolean) =>
      unwrap(
        archive
          ? await api.POST('/v1/clients/{id}/archive', { params: { path: { id } } })
          : await api.POST('/v1/clients/{id}/unarchive', { params: { path: { id } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKeys.client(id) }),
  });
}

/**
 * Races have no read of one race, so an edit cannot name the version it started from; it is
 * sent with `If-Match: *` (the last edit wins). Adding and removing need no version.
 */
export function useRaceWrites(clientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: clientKeys.races(clientId) });
  const add = useMutation({
    mutationFn: async (body: RaceInput) =>
      unwrap(await api.POST('/v1/clients/{id}/races', { body, params: { path: { id: clientId } } })),
    onSuccess,
  });
  const edit = useMutation({
    mutationFn: async ({ id, body }: { id: string; body: RaceInput }) =>
      unwrap(await api.PATCH('/v1/races/{id}', { body, params: { path: { id }, header: { 'If-Match': '*' } } })),
    onSuccess,
  });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.DELETE('/v1/races/{id}', { params: { path: { id } } }));
    },
    onSuccess,
  });
  return { add, edit, remove };
}

/** The client's own calendar feed: a new URL (shown once; the old one stops) or none. */
export function useClientFeed(id: string) {
  const api = useApi();
  const issue = useMutation({
    mutationFn: async () => unwrap(await api.PUT('/v1/clients/{id}/calendar-feed', { params: { path: { id } } })),
  });
  const revoke = useMutation({
    mutationFn: async () => {
      unwrap(await api.DELETE('/v1/clients/{id}/calendar-feed', { params: { path: { id } } }));
    },
  });
  return { issue, revoke };
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
