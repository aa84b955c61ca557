// Automatic logoff's arithmetic, kept apart from React so it is tested on its own. Activity in
// any tab of the app counts: each tab writes its last activity to storage and reads the
// others', so a therapist typing a note in one tab is not signed out by another tab left open.

export const ACTIVITY_KEY = 'knead.activity';
/** The warning shows this long before the sign-out. */
export const WARNING_MS = 60_000;

export type IdleState = { kind: 'active' } | { kind: 'warning'; secondsLeft: number } | { kind: 'expired' };

/** Where a login stands `now`, given its last activity and the practice's idle time. */
export function idleState(now: number, lastActivity: number, idleMinutes: number): IdleState {
  const left = lastActivity + idleMinutes * 60_000 - now;
  if (left <= 0) return { kind: 'expired' };
  if (left <= WARNING_MS) return { kind: 'warning', secondsLeft: Math.ceil(left / 1000) };
  return { kind: 'active' };
}

/** The latest activity this tab knows of: its own, or another tab's from storage. */
export function latestActivity(own: number, storage: Pick<Storage, 'getItem'> | null): number {
  const stored = Number(storage?.getItem(ACTIVITY_KEY) ?? NaN);
  return Number.isFinite(stored) ? Math.max(own, stored) : own;
}
