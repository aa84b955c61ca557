// The repeat a person picks (every 1–4 weeks, on some weekdays, a number of times or until a
// day) as the RFC 5545 rule the API takes. The app never expands rules: the API's preview
// lists the occurrences.
import { addDays, toInstant, weekdayOf, type LocalDate } from '../calendar/zone';

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export type RepeatEnd = { kind: 'count'; count: number } | { kind: 'until'; until: LocalDate };

export interface Repeat {
  /** Weeks between occurrences: 1 to 4. */
  interval: number;
  /** 0 for Monday … 6 for Sunday. */
  weekdays: readonly number[];
  end: RepeatEnd;
}

/** The first start's weekday, so the rule always includes the day it starts on. */
export function defaultRepeat(first: LocalDate): Repeat {
  return { interval: 1, weekdays: [weekdayOf(first)], end: { kind: 'count', count: 8 } };
}

/** UNTIL is an instant in UTC: the end of the chosen day in the practice's zone. */
function untilUtc(until: LocalDate, zone: string): string {
  const end = new Date(toInstant(addDays(until, 1), 0, zone).getTime() - 1000);
  return end.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function buildRRule(repeat: Repeat, zone: string): string {
  const days = [...new Set(repeat.weekdays)].sort((a, b) => a - b).map((d) => WEEKDAY_CODES[d]);
  const parts = ['FREQ=WEEKLY'];
  if (repeat.interval > 1) parts.push(`INTERVAL=${repeat.interval}`);
  parts.push(`BYDAY=${days.join(',')}`);
  parts.push(repeat.end.kind === 'count' ? `COUNT=${repeat.end.count}` : `UNTIL=${untilUtc(repeat.end.until, zone)}`);
  return parts.join(';');
}
