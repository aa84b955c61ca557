// A client's pain scores grouped for the chart: one series per region and side, each point
// an intake score or a session's before → after pair.
import type { PainPoint } from '../api/reports';

export interface SessionPair {
  date: string;
  before: number | null;
  after: number | null;
}

export interface Series {
  key: string;
  region: string;
  side: string;
  intake: { date: string; intensity: number }[];
  sessions: SessionPair[];
}

export function seriesOf(points: readonly PainPoint[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const p of points) {
    const key = `${p.region}:${p.side}`;
    let s = byKey.get(key);
    if (!s) {
      s = { key, region: p.region, side: p.side, intake: [], sessions: [] };
      byKey.set(key, s);
    }
    if (p.source === 'intake') {
      s.intake.push({ date: p.date, intensity: p.intensity });
      continue;
    }
    let pair = s.sessions.find((x) => x.date === p.date && (p.source === 'session_before' ? x.before === null : x.after === null));
    if (!pair) {
      pair = { date: p.date, before: null, after: null };
      s.sessions.push(pair);
    }
    if (p.source === 'session_before') pair.before = p.intensity;
    else pair.after = p.intensity;
  }
  return [...byKey.values()];
}

/** Days since the epoch, for a linear time axis. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** The date of a day number. */
export function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
