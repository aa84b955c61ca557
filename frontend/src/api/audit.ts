// The clinical audit log (owners): recorded calls of clinical operations, newest first,
// one keyset page at a time.
import { useQuery } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { components } from './schema';

export type AuditEvent = components['schemas']['AuditEventView'];

export interface AuditFilter {
  clientId: string;
  actorId: string;
  /** RFC 3339 instants, or empty. */
  from: string;
  to: string;
}

export const AUDIT_PAGE_SIZE = 50;

export function useAuditEvents(filter: AuditFilter, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['audit-events', filter, cursor ?? ''] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/audit-events', {
          params: {
            query: {
              client_id: filter.clientId || undefined,
              actor_id: filter.actorId || undefined,
              from: filter.from || undefined,
              to: filter.to || undefined,
              limit: AUDIT_PAGE_SIZE,
              cursor,
            },
          },
        }),
      ),
    placeholderData: (previous) => previous,
  });
}
