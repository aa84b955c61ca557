// The activity log (owners): who wrote what — bookings, clients, services, staff, settings —
// newest first, one keyset page at a time. Ids and actions only, never text.
import { useQuery } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { components } from './schema';

export type ActivityEntry = components['schemas']['ActivityView'];
export type ActivityResourceType = components['schemas']['ActivityResourceType'];

export interface ActivityFilter {
  /** A staff member's id, or empty. */
  actor: string;
  resourceType: ActivityResourceType | '';
  /** `<resource type>.<verb>`, or empty. */
  action: string;
}

export const ACTIVITY_PAGE_SIZE = 50;

export function useActivity(filter: ActivityFilter, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['activity', filter, cursor ?? ''] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/activity', {
          params: {
            query: {
              actor: filter.actor || undefined,
              resource_type: filter.resourceType || undefined,
              action: filter.action || undefined,
              limit: ACTIVITY_PAGE_SIZE,
              cursor,
            },
          },
        }),
      ),
    placeholderData: (previous) => previous,
  });
}
