// The note while it is written: plain strings for the text boxes, and pain ratings that may
// still be unset (a region added to the map has no intensity until one is chosen). The
// conversion to the API's NoteInput, and back from a saved note.
import type { HomeCareKind, NoteInput, NoteView, Technique } from '../api/notes';
import type { BodyRegion, PainArea, PressurePreference, Side } from '../api/types';

export interface PainRow {
  region: BodyRegion;
  side: Side;
  before: number | null;
  after: number | null;
}

export interface TechniqueRow {
  technique: Technique;
  /** One application may reach several regions; its minutes are for all of them together. */
  regions: { region: BodyRegion; side: Side }[];
  minutes: number;
  pressure: PressurePreference;
}

export interface HomeCareRow {
  kind: HomeCareKind;
  details: string;
}

export interface NoteDraft {
  client_id: string;
  booking_id: string | null;
  session_date: string;
  duration_minutes: number;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  pain: PainRow[];
  techniques: TechniqueRow[];
  home_care: HomeCareRow[];
  next_visit_in_days: string;
}

export function emptyDraft(clientId: string, sessionDate: string, duration: number, bookingId: string | null): NoteDraft {
  return {
    client_id: clientId,
    booking_id: bookingId,
    session_date: sessionDate,
    duration_minutes: duration,
    subjective: '',
    objective: '',
    assessment: '',
    plan: '',
    pain: [],
    techniques: [],
    home_care: [],
    next_visit_in_days: '',
  };
}

function text(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Pain rows go to the API once rated before; until pain after is chosen it is sent equal to
 * before (the API takes both), and the editor keeps the row marked unrated locally.
 */
export function toNoteInput(draft: NoteDraft): NoteInput {
  const days = draft.next_visit_in_days.trim();
  return {
    client_id: draft.client_id,
    booking_id: draft.booking_id,
    session_date: draft.session_date,
    duration_minutes: draft.duration_minutes,
    subjective: text(draft.subjective),
    objective: text(draft.objective),
    assessment: text(draft.assessment),
    plan: text(draft.plan),
    pain: draft.pain
      .filter((p) => p.before !== null)
      .map((p) => ({ region: p.region, side: p.side, before: p.before ?? 0, after: p.after ?? p.before ?? 0 })),
    techniques: draft.techniques.map((t) => ({
      technique: t.technique,
      regions: t.regions,
      minutes: t.minutes,
      pressure: t.pressure,
    })),
    home_care: draft.home_care.map((h) => ({ kind: h.kind, details: text(h.details) })),
    next_visit_in_days: days === '' ? null : Number(days),
  };
}

/** The JSON pointer of a pain row in what `toNoteInput` sends (unrated rows are not sent). */
export function painPointer(draft: NoteDraft, row: number): string | null {
  if (draft.pain[row]?.before === null) return null;
  return `/pain/${draft.pain.slice(0, row).filter((p) => p.before !== null).length}`;
}

export function fromNote(note: NoteView): NoteDraft {
  return {
    client_id: note.client_id,
    booking_id: note.booking_id ?? null,
    session_date: note.session_date,
    duration_minutes: note.duration_minutes,
    subjective: note.subjective ?? '',
    objective: note.objective ?? '',
    assessment: note.assessment ?? '',
    plan: note.plan ?? '',
    pain: note.pain.map((p) => ({ region: p.region, side: p.side, before: p.before, after: p.after })),
    techniques: note.techniques.map((t) => ({
      technique: t.technique,
      regions: t.regions.map((r) => ({ region: r.region, side: r.side })),
      minutes: t.minutes,
      pressure: t.pressure,
    })),
    home_care: note.home_care.map((h) => ({ kind: h.kind, details: h.details ?? '' })),
    next_visit_in_days: note.next_visit_in_days ? String(note.next_visit_in_days) : '',
  };
}

/** Pain regions to rate today: the latest intake's and the last note's, each once, unrated. */
export function prefillPain(intake: readonly PainArea[], lastNote: NoteView | undefined): PainRow[] {
  const rows: PainRow[] = [];
  const add = (region: BodyRegion, side: Side) => {
    if (!rows.some((r) => r.region === region && r.side === side)) rows.push({ region, side, before: null, after: null });
  };
  for (const area of intake) add(area.region, area.side);
  for (const change of lastNote?.pain ?? []) add(change.region, change.side);
  return rows;
}

/** Copies techniques and home care from an earlier note ("same as last time"). */
export function copyFromLast(draft: NoteDraft, last: NoteView): NoteDraft {
  const previous = fromNote(last);
  return { ...draft, techniques: previous.techniques, home_care: previous.home_care };
}

export function minutesUsed(draft: NoteDraft): number {
  return draft.techniques.reduce((sum, t) => sum + t.minutes, 0);
}

export function sameSpot(a: { region: string; side: string }, b: { region: string; side: string }): boolean {
  return a.region === b.region && a.side === b.side;
}
