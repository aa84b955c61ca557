// Helpers over /v1/vocabulary's closed lists.
import type { Term } from './types';

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
