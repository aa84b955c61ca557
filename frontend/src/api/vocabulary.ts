// The closed lists from /v1/vocabulary (regions, qualities, contraindications…) and helpers
// over them.
import { useQuery } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { Term } from './types';

export const vocabularyKey = ['vocabulary'] as const;

/** The closed lists; they change only on deploys. */
export function useVocabulary() {
  const api = useApi();
  return useQuery({
    queryKey: vocabularyKey,
    queryFn: async () => unwrap(await api.GET('/v1/vocabulary')),
    staleTime: Infinity,
  });
}

/**
 * The vocabulary's ids are the wire values of the matching enums (the API derives both from
 * one list), so a Term list can be read as options of that enum.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names the enum the caller reads the ids as
export function termsOf<T extends string>(terms: readonly Term[]): { id: T; label: string }[] {
  return terms as { id: T; label: string }[];
}

/** The label for an id, falling back to the id for a term this build does not know. */
export function labelOf(terms: readonly Term[], id: string): string {
  return terms.find((t) => t.id === id)?.label ?? id.replace(/_/g, ' ');
}
