// The practice's webhook endpoints (owners): listed, created (the signing secret comes back
// once), enabled or disabled, deleted; each one's delivery log, and an event sent again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { NewWebhookEndpoint, WebhookEndpointPatch } from './types';

// The delivery logs sit under a key of their own: a change to the endpoints (a deletion above
// all) must not refetch the log of an endpoint that is going away.
const webhookKeys = {
  all: ['webhook-endpoints'] as const,
  deliveries: (endpointId: string) => ['webhook-deliveries', endpointId] as const,
};

/** How soon a pending attempt counts as imminent: the worker makes it within seconds. */
const SOON_MS = 60_000;
const FOLLOW_MS = 3_000;

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

/**
 * The latest attempts to deliver to an endpoint, newest first, fetched while `enabled`. While an
 * attempt is due within the minute the log is fetched again every few seconds, so an attempt
 * just queued shows its outcome without a reload.
 */
export function useWebhookDeliveries(endpointId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: webhookKeys.deliveries(endpointId),
    queryFn: async () =>
      unwrap(await api.GET('/v1/webhook-endpoints/{id}/deliveries', { params: { path: { id: endpointId } } })),
    enabled,
    refetchInterval: (query) => {
      const soon = Date.now() + SOON_MS;
      const due = query.state.data?.some((d) => d.status === 'pending' && Date.parse(d.due_at) <= soon);
      return due ? FOLLOW_MS : false;
    },
  });
}

/** Queues the event of one attempt (by its id) again for the endpoint `endpointId`. */
export function useRedeliverWebhook(endpointId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (deliveryId: string) =>
      unwrap(
        await api.POST('/v1/webhook-endpoints/deliveries/{id}/redeliver', { params: { path: { id: deliveryId } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(endpointId) }),
  });
}
