// The geometry of a plan's timeline: where each phase, race, session and month boundary sits
// along the plan's days, as percentages of its width. Pure, so it is tested without a screen.
import type { Phase, PhaseKind, RacePriority } from '../api/types';
import { addDays, daysBetween, type LocalDate } from '../calendar/zone';

/** The narrowest a phase is drawn (a one-day race in half a year would vanish otherwise). */
export const MIN_PHASE_WIDTH = 0.8;

/** Month ticks nearer the start than this (percent) are left out: the start is labelled. */
export const MONTH_CLEARANCE = 12;

export interface TimelineRace {
  id: string;
  name: string;
  date: LocalDate;
  priority: RacePriority;
}

export interface Segment {
  kind: PhaseKind;
  startsOn: LocalDate;
  endsOn: LocalDate;
  left: number;
  width: number;
}

export interface Mark {
  date: LocalDate;
  left: number;
  /** Labels near the right edge hang to the left of their mark so they stay inside. */
  anchor: 'start' | 'end';
}

export interface Timeline {
  startsOn: LocalDate;
  endsOn: LocalDate;
  segments: Segment[];
  /** `row` puts every other race's label on a second line. */
  races: (Mark & { name: string; priority: RacePriority; row: 0 | 1 })[];
  sessions: Mark[];
  proposals: Mark[];
  months: (Mark & { label: string })[];
  today: Mark | null;
}

export interface TimelineInput {
  phases: readonly Phase[];
  races: readonly TimelineRace[];
  sessions: readonly LocalDate[];
  proposals?: readonly LocalDate[];
  today: LocalDate;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function layoutTimeline({ phases, races, sessions, proposals = [], today }: TimelineInput): Timeline | null {
  const sorted = [...phases].sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  const first = sorted[0];
  if (!first) return null;
  const startsOn = first.starts_on;
  const endsOn = sorted.reduce((end, p) => (p.ends_on > end ? p.ends_on : end), first.ends_on);
  const days = daysBetween(startsOn, endsOn) + 1;
  const inside = (date: LocalDate) => date >= startsOn && date <= endsOn;
  // A day's mark sits in the middle of its day.
  const at = (date: LocalDate) => round(((daysBetween(startsOn, date) + 0.5) / days) * 100);
  const mark = (date: LocalDate): Mark => {
    const left = at(date);
    return { date, left, anchor: left > 60 ? 'end' : 'start' };
  };
  const segments = sorted.map((p) => ({
    kind: p.kind,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    left: round((daysBetween(startsOn, p.starts_on) / days) * 100),
    width: round(Math.max(MIN_PHASE_WIDTH, ((daysBetween(p.starts_on, p.ends_on) + 1) / days) * 100)),
  }));
  const months: Timeline['months'] = [];
  for (let d = firstOfNextMonth(startsOn); d <= endsOn; d = firstOfNextMonth(d)) {
    const left = round((daysBetween(startsOn, d) / days) * 100);
    // Too close to the start date's label to read beside it.
    if (left < MONTH_CLEARANCE) continue;
    months.push({ date: d, left, anchor: 'start', label: monthLabel(d) });
  }
  return {
    startsOn,
    endsOn,
    segments,
    races: stagger(
      races
        .filter((r) => inside(r.date))
        .sort((a, b) => a.date.localeCompare(b.date))
        .map((r) => ({ ...mark(r.date), name: r.name, priority: r.priority })),
    ),
    sessions: [...new Set(sessions)].filter(inside).sort().map(mark),
    proposals: [...new Set(proposals)].filter(inside).sort().map(mark),
    months,
    today: inside(today) ? mark(today) : null,
  };
}

/**
 * Race names alternate between two lines: on a phone even races weeks apart would run into
 * each other on one.
 */
function stagger<T extends Mark>(marks: T[]): (T & { row: 0 | 1 })[] {
  return marks.map((m, i) => ({ ...m, row: i % 2 === 0 ? 0 : 1 }));
}

function firstOfNextMonth(date: LocalDate): LocalDate {
  const [y = 0, m = 1] = date.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return next > date ? next : addDays(date, 1);
}

function monthLabel(date: LocalDate): string {
  const [y = 0, m = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString(undefined, { timeZone: 'UTC', month: 'short' });
}

/** "Dec 3" (or "3 Dec"): the start of the strip, short enough for a phone. */
export function shortDay(date: LocalDate): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, { timeZone: 'UTC', day: 'numeric', month: 'short' });
}
