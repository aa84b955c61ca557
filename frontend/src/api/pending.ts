// The parts of the API contract that the spec does not carry yet (series preview, override
// reasons, cancellation reasons, closed days). Calls to the new paths go through the session's
// fetch untyped; once `npm run gen:api` knows them, these types give way to the generated ones.
import { API_BASE_URL } from './client';
import { toProblem } from './problem';
import type { Session } from './session';
import type { BookingClash, BookingView, Vocabulary } from './types';

export interface Reason {
  code: string;
  label: string;
}

export interface OverrideReason {
  code: string;
  note?: string;
}

export interface OverrideView {
  by_name: string;
  code: string;
  note: string | null;
  at: string;
}

export type Unavailable = 'outside_hours' | 'time_off' | 'closed_day';

export interface PreviewOccurrence {
  recurrence_id: string;
  starts_at: string;
  ends_at: string;
  clashes: BookingClash[];
  unavailable: Unavailable | null;
}

export interface SeriesPreview {
  occurrences: PreviewOccurrence[];
}

export interface ClosedDay {
  id: string;
  date: string;
  name: string;
}

/** Used until `/v1/vocabulary` lists them; the server's list wins as soon as it has one. */
const CANCELLATION_REASONS: readonly Reason[] = [
  { code: 'client_request', label: 'Client request' },
  { code: 'illness', label: 'Illness' },
  { code: 'weather', label: 'Weather' },
  { code: 'therapist_unavailable', label: 'Therapist unavailable' },
  { code: 'other', label: 'Other' },
];

const OVERRIDE_REASONS: readonly Reason[] = [
  { code: 'client_request', label: 'Client request' },
  { code: 'therapist_agreed', label: 'Therapist agreed' },
  { code: 'make_up_session', label: 'Make-up session' },
  { code: 'other', label: 'Other' },
];

/** A list `/v1/vocabulary` may carry beyond what this build's spec knows. */
function listIn(vocabulary: Vocabulary | undefined, key: string): readonly Reason[] | undefined {
  const value = (vocabulary as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(value) ? (value as Reason[]) : undefined;
}

export function cancellationReasons(vocabulary: Vocabulary | undefined): readonly Reason[] {
  return listIn(vocabulary, 'cancellation_reasons') ?? CANCELLATION_REASONS;
}

export function overrideReasons(vocabulary: Vocabulary | undefined): readonly Reason[] {
  return listIn(vocabulary, 'override_reasons') ?? OVERRIDE_REASONS;
}

export function overrideOf(booking: BookingView): OverrideView | null {
  return (booking as BookingView & { override?: OverrideView | null }).override ?? null;
}

/** A JSON call to a path the generated client does not know yet; problems thrown as usual. */
export async function callJson<T>(session: Session, method: string, path: string, body?: unknown): Promise<T> {
  const response = await session.fetch(
    new Request(`${API_BASE_URL}${path}`, {
      method,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    }),
  );
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = null;
  }
  if (!response.ok) throw toProblem(parsed, response);
  return parsed as T;
}
