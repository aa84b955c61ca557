// The practice's API keys (owners): listed, created (the secret comes back once), revoked.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { NewApiKey } from './types';

const apiKeyKeys = { all: ['api-keys'] as const };

export function useApiKeys() {
  const api = useApi();
  return useQuery({
    queryKey: apiKeyKeys.all,
    queryFn: async () => unwrap(await api.GET('/v1/api-keys')),
  });
}

export function useCreateApiKey() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewApiKey) => unwrap(await api.POST('/v1/api-keys', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE('/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}
