// Intake forms: a client's versions and a new one (therapists), self-service links (to copy or
// emailed), and the public page a client opens from a link.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { idempotencyKey } from './client';
import { clientKeys } from './clients';
import { useApi } from './context';
import { unwrap } from './problem';
import type { IntakeInput } from './types';

export const intakeKeys = {
  forms: (clientId: string) => [...clientKeys.client(clientId), 'intake-forms'] as const,
  public: (token: string) => ['public-intake', token] as const,
};

/** Clinical: every intake version, newest first. */
export function useIntakeForms(clientId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: intakeKeys.forms(clientId),
    queryFn: async () =>
      unwrap(await api.GET('/v1/clients/{id}/intake-forms', { params: { path: { id: clientId } } })),
    enabled,
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
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKeys.client(clientId) }),
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

/** Queues an email carrying a new link to the client's address; the link is minted when it is sent. */
export function useEmailIntakeLink(clientId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async (expiresInHours: number) =>
      unwrap(
        await api.POST('/v1/clients/{id}/intake-link-emails', {
          body: { expires_in_hours: expiresInHours },
          params: { path: { id: clientId } },
        }),
      ),
  });
}

export function usePublicIntake(token: string) {
  const api = useApi();
  return useQuery({
    queryKey: intakeKeys.public(token),
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
