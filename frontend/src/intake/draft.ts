// The intake form while it is being filled: plain strings for the text boxes, and the
// conversion to the API's IntakeInput (empty text becomes null, not an empty string).
import type {
  BodyRegion,
  Contraindication,
  FieldError,
  IntakeInput,
  IntakePrefill,
  PainArea,
  RegionTerm,
  Side,
} from '../api/types';
import { covers } from '../bodymap/model';

/** A pain area being filled in: it has no intensity until someone chooses one. */
export type PainAreaDraft = Omit<PainArea, 'intensity'> & { intensity: number | null };

export interface IntakeDraft {
  chief_complaint: string;
  conditions: string;
  medical_history: string;
  medications: string;
  goals: string;
  pain_areas: PainAreaDraft[];
  contraindications: Contraindication[];
  signer_name: string;
  agreed: boolean;
}

export type TextKey = 'chief_complaint' | 'conditions' | 'medical_history' | 'medications' | 'goals';

export function emptyDraft(): IntakeDraft {
  return draftFrom(null);
}

/** Starts from the last intake (staff) or the link's prefill (client); consent is never carried over. */
export function draftFrom(previous: IntakePrefill | null | undefined): IntakeDraft {
  return {
    chief_complaint: previous?.chief_complaint ?? '',
    conditions: previous?.conditions ?? '',
    medical_history: previous?.medical_history ?? '',
    medications: previous?.medications ?? '',
    goals: previous?.goals ?? '',
    pain_areas: previous?.pain_areas.map((a) => ({ ...a })) ?? [],
    contraindications: [...(previous?.contraindications ?? [])],
    signer_name: '',
    agreed: false,
  };
}

function text(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function toIntakeInput(draft: IntakeDraft, consentVersion: string): IntakeInput {
  return {
    chief_complaint: text(draft.chief_complaint),
    conditions: text(draft.conditions),
    medical_history: text(draft.medical_history),
    medications: text(draft.medications),
    goals: text(draft.goals),
    // An unrated area is sent as it is: the API names it (/pain_areas/i/intensity).
    pain_areas: draft.pain_areas.map((area) => ({
      ...(area as PainArea),
      notes: area.notes?.trim() ? area.notes.trim() : null,
      onset: area.onset ? area.onset : null,
    })),
    contraindications: draft.contraindications,
    consent: {
      signer_name: draft.signer_name.trim(),
      agreed: draft.agreed,
      text_version: consentVersion,
    },
  };
}

/** The areas still without an intensity, as field errors to show before sending. */
export function unratedAreas(draft: IntakeDraft): FieldError[] {
  return draft.pain_areas.flatMap((area, i) =>
    area.intensity === null ? [{ pointer: `/pain_areas/${i}/intensity`, message: 'choose how much it hurts, 0 to 10' }] : [],
  );
}

/** The rated areas, for the map (an unrated area has no colour yet). */
export function ratedAreas(areas: readonly PainAreaDraft[]): PainArea[] {
  return areas.flatMap((a) => (a.intensity === null ? [] : [{ ...a, intensity: a.intensity }]));
}

/**
 * Picking a spot opens the pain area already recorded there, or adds one. Returns the
 * new list and the index of the area to edit.
 */
export function pickArea(
  areas: readonly PainAreaDraft[],
  region: BodyRegion,
  side: Side,
): { areas: PainAreaDraft[]; index: number } {
  const existing = areas.findIndex((a) => covers(a, region, side));
  if (existing >= 0) return { areas: [...areas], index: existing };
  const added: PainAreaDraft = { region, side, intensity: null, qualities: [], aggravating: [] };
  return { areas: [...areas, added], index: areas.length };
}

/** The side a region gets when added from the list rather than the map. */
export function defaultSide(term: RegionTerm): Side {
  return term.sides[0] ?? 'midline';
}
