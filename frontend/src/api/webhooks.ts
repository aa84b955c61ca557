// The practice's webhook endpoints (owners): listed, created (the signing secret comes back
// once), enabled or disabled, deleted.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { NewWebhookEndpoint, WebhookEndpointPatch } from './types';

const webhookKeys = { all: ['webhook-endpoints'] as const };

export function useWebhookEndpoints() {
  const api = useApi();
  return useQuery({
    queryKey: webhookKeys.all,
    queryFn: async () => unwrap(await api.GET('/v1/webhook-endpoints')),
  });
}

export function useCreateWebhookEndpoint() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewWebhookEndpoint) => unwrap(await api.POST('/v1/webhook-endpoints', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useUpdateWebhookEndpoint() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: WebhookEndpointPatch }) =>
      unwrap(await api.PATCH('/v1/webhook-endpoints/{id}', { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useDeleteWebhookEndpoint() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE('/v1/webhook-endpoints/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}
