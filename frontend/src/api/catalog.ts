// What is booked: services (length, price, buffer, preparation) and rooms.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap, unwrapTagged } from './problem';
import type { NewRoom, NewService, RoomPatch, ServicePatch } from './types';

export const catalogKeys = {
  services: (all: boolean) => ['services', all] as const,
  allServices: ['services'] as const,
  rooms: ['rooms'] as const,
};

/** Offered services, or every one (settings) with `includeInactive`. */
export function useServicesList(includeInactive = false) {
  const api = useApi();
  return useQuery({
    queryKey: catalogKeys.services(includeInactive),
    queryFn: async () =>
      unwrap(await api.GET('/v1/services', { params: { query: { include_inactive: includeInactive } } })),
    staleTime: 5 * 60_000,
  });
}

export function useRooms() {
  const api = useApi();
  return useQuery({
    queryKey: catalogKeys.rooms,
    queryFn: async () => unwrap(await api.GET('/v1/rooms')),
    staleTime: 5 * 60_000,
  });
}

export function useCreateService() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewService) => unwrap(await api.POST('/v1/services', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: catalogKeys.allServices }),
  });
}

/** One service with its ETag, read when its editor opens. */
export function useService(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...catalogKeys.allServices, 'one', id],
    queryFn: async () => unwrapTagged(await api.GET('/v1/services/{id}', { params: { path: { id } } })),
    staleTime: 0,
  });
}

/** Changes a service as read at `etag`; a change made meanwhile answers 412. */
export function useUpdateService() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, etag, body }: { id: string; etag: string; body: ServicePatch }) =>
      unwrap(await api.PATCH('/v1/services/{id}', { body, params: { path: { id }, header: { 'If-Match': etag } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: catalogKeys.allServices }),
  });
}

export function useCreateRoom() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewRoom) => unwrap(await api.POST('/v1/rooms', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: catalogKeys.rooms }),
  });
}

/**
 * Rooms have no read of one room, so no ETag to send: the change is made with `If-Match: *`
 * (a room's name and in-use flag are the owner's alone to change).
 */
export function useUpdateRoom() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: RoomPatch }) =>
      unwrap(await api.PATCH('/v1/rooms/{id}', { body, params: { path: { id }, header: { 'If-Match': '*' } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: catalogKeys.rooms }),
  });
}
