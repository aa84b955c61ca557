// The intake form while it is being filled: plain strings for the text boxes, and the
// conversion to the API's IntakeInput (empty text becomes null, not an empty string).
import type {
  BodyRegion,
  Contraindication,
  IntakeInput,
  IntakePrefill,
  PainArea,
  RegionTerm,
  Side,
} from '../api/types';
import { covers } from '../bodymap/model';

export interface IntakeDraft {
  chief_complaint: string;
  conditions: string;
  medical_history: string;
  medications: string;
  goals: string;
  pain_areas: PainArea[];
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
    pain_areas: draft.pain_areas.map((area) => ({
      ...area,
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

export const DEFAULT_INTENSITY = 5;

/**
 * Picking a spot opens the pain area already recorded there, or adds one. Returns the
 * new list and the index of the area to edit.
 */
export function pickArea(
  areas: readonly PainArea[],
  region: BodyRegion,
  side: Side,
): { areas: PainArea[]; index: number } {
  const existing = areas.findIndex((a) => covers(a, region, side));
  if (existing >= 0) return { areas: [...areas], index: existing };
  const added: PainArea = { region, side, intensity: DEFAULT_INTENSITY, qualities: [], aggravating: [] };
  return { areas: [...areas, added], index: areas.length };
}

/** The side a region gets when added from the list rather than the map. */
export function defaultSide(term: RegionTerm): Side {
  return term.sides[0] ?? 'midline';
}
