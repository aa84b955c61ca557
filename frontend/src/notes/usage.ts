// What a therapist does most, from their own past notes: techniques by how often they were
// applied, and whole combinations (technique × region × side × minutes) for one-tap chips.
import type { NoteView, Technique } from '../api/notes';
import type { BodyRegion, PressurePreference, Side } from '../api/types';

export interface Combo {
  technique: Technique;
  region: BodyRegion;
  side: Side;
  minutes: number;
  pressure: PressurePreference;
  count: number;
}

/**
 * Every technique of the vocabulary: the most used first, then those the therapist offers
 * (their profile), then the rest in the vocabulary's order.
 */
export function rankTechniques(notes: readonly NoteView[], all: readonly Technique[], offered: readonly Technique[] = []): Technique[] {
  const counts = new Map<string, number>();
  for (const note of notes) for (const t of note.techniques) counts.set(t.technique, (counts.get(t.technique) ?? 0) + 1);
  return all
    .map((id, order) => ({ id, order, count: counts.get(id) ?? 0, offered: offered.includes(id) ? 1 : 0 }))
    .sort((a, b) => b.count - a.count || b.offered - a.offered || a.order - b.order)
    .map((t) => t.id);
}

/** The most frequent combinations, at most `limit`, each seen at least twice. */
export function topCombos(notes: readonly NoteView[], limit = 4): Combo[] {
  const combos = new Map<string, Combo>();
  for (const note of notes) {
    for (const t of note.techniques) {
      for (const r of t.regions) {
        const key = `${t.technique}|${r.region}|${r.side}|${t.minutes}`;
        const seen = combos.get(key);
        if (seen) seen.count += 1;
        else combos.set(key, { technique: t.technique, region: r.region, side: r.side, minutes: t.minutes, pressure: t.pressure, count: 1 });
      }
    }
  }
  return [...combos.values()]
    .filter((c) => c.count >= 2)
    .sort((a, b) => b.count - a.count)
    .slice(0, limit);
}
