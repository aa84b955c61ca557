// Every API read and write the screens use, as react-query hooks over the typed client.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../app/services';
import { idempotencyKey } from './client';
import { unwrap } from './problem';
import type { IntakeInput, NewClient, SetPasswordRequest } from './types';

export const keys = {
  vocabulary: ['vocabulary'] as const,
  me: ['me'] as const,
  clients: (q: string, cursor: string | undefined) => ['clients', q, cursor ?? ''] as const,
  client: (id: string) => ['client', id] as const,
  races: (id: string) => ['client', id, 'races'] as const,
  alerts: (id: string) => ['client', id, 'alerts'] as const,
  intakeForms: (id: string) => ['client', id, 'intake-forms'] as const,
  publicIntake: (token: string) => ['public-intake', token] as const,
};

/** The closed lists (regions, qualities, contraindications…); they change only on deploys. */
export function useVocabulary() {
  const api = useApi();
  return useQuery({
    queryKey: keys.vocabulary,
    queryFn: async () => unwrap(await api.GET('/v1/vocabulary')),
    staleTime: Infinity,
  });
}

export function useMe(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => unwrap(await api.GET('/v1/me')),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Sets a password through a one-time invitation or reset link; the API answers 204, no tokens. */
export function useSetPasswordWithLink() {
  const api = useApi();
  return useMutation({
    mutationFn: async (body: SetPasswordRequest) => {
      unwrap(await api.POST('/v1/auth/password', { body }));
    },
  });
}

export const CLIENT_PAGE_SIZE = 20;

export function useClients(q: string, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: keys.clients(q, cursor),
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
    queryKey: keys.client(id),
    queryFn: async () => unwrap(await api.GET('/v1/clients/{id}', { params: { path: { id } } })),
  });
}

export function useRaces(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.races(id),
    queryFn: async () =>
      unwrap(await api.GET('/v1/clients/{id}/races', { params: { path: { id } } })),
  });
}

/** Clinical: the conditions behind the alerts. Only asked for by owners and therapists. */
export function useClinicalAlerts(id: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: keys.alerts(id),
    queryFn: async () =>
      unwrap(await api.GET('/v1/clients/{id}/alerts', { params: { path: { id } } })),
    enabled,
  });
}

/** Clinical: every intake version, newest first. */
export function useIntakeForms(id: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: keys.intakeForms(id),
    queryFn: async () =>
      unwrap(await api.GET('/v1/clients/{id}/intake-forms', { params: { path: { id } } })),
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

export function useCreateIntakeForm(clientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: IntakeInput) =>
      unwrap(
        await api.POST('/v1/clients/{id}/intake-forms', {
          body,
          params: { path: { id: clientId }, header: { 'Idempotency-Key': idempotencyKey() } },
        }),
      ),
    // The new form changes the alerts too (contraindications), so refetch the whole client.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.client(clientId) }),
  });
}

export function useCreateIntakeLink(clientId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async (expiresInHours: number) =>
      unwrap(
        await api.POST('/v1/clients/{id}/intake-links', {
          body: { expires_in_hours: expiresInHours },
          params: { path: { id: clientId } },
        }),
      ),
  });
}

export function usePublicIntake(token: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.publicIntake(token),
    queryFn: async () =>
      unwrap(await api.GET('/v1/public/intake/{token}', { params: { path: { token } } })),
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
  });
}

export function useSubmitPublicIntake(token: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async (body: IntakeInput) =>
      unwrap(await api.POST('/v1/public/intake/{token}', { body, params: { path: { token } } })),
  });
}
