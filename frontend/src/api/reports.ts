// Clinical reports and charts: outcomes by technique, and one client's pain over time.
import { useQuery } from '@tanstack/react-query';
import { clientKeys } from './clients';
import { useApi } from './context';
import { unwrap } from './problem';
import type { components } from './schema';

type S = components['schemas'];
export type TechniqueOutcome = S['TechniqueOutcomeView'];
export type PainPoint = S['PainPoint'];
export type BodyRegion = S['BodyRegion'];

export interface OutcomeFilter {
  region: BodyRegion | '';
  from: string;
  to: string;
}

export function useTechniqueOutcomes(filter: OutcomeFilter) {
  const api = useApi();
  return useQuery({
    queryKey: ['technique-outcomes', filter] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/reports/technique-outcomes', {
          params: {
            query: {
              region: filter.region || undefined,
              from: filter.from || undefined,
              to: filter.to || undefined,
            },
          },
        }),
      ),
  });
}

/** Clinical: every pain score of a client (intake, before and after sessions), in date order. */
export function usePainTrend(clientId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...clientKeys.client(clientId), 'pain-trend'] as const,
    queryFn: async () =>
      unwrap(await api.GET('/v1/clients/{id}/pain-trend', { params: { path: { id: clientId } } })),
    enabled,
  });
}
