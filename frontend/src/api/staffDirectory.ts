// Staff names for ids shown in clinical screens (note authors, amendment authors, the audit
// log's actors): one page of everyone, cached for a few minutes.
import { useQuery } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { components } from './schema';

export type StaffView = components['schemas']['StaffView'];

/** Everyone on the staff (one page of 200): names for ids in logs, notes and filters. */
export function useStaff(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: ['staff'] as const,
    queryFn: async () => unwrap(await api.GET('/v1/staff', { params: { query: { limit: 200 } } })).items,
    enabled,
    staleTime: 5 * 60_000,
  });
}
