import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  localDateOf,
  localDateTime,
  minutesOf,
  offsetMinutes,
  splitLocal,
  startOfWeek,
  toInstant,
  weekdayOf,
} from './zone';

describe('zone maths', () => {
  it('reads instants on the practice’s wall clock, not the browser’s', () => {
    const instant = new Date('2026-12-01T16:00:00Z');
    expect(localDateOf(instant, 'America/Denver')).toBe('2026-12-01');
    expect(minutesOf(instant, 'America/Denver')).toBe(9 * 60);
    expect(localDateOf(new Date('2026-12-01T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-12-02');
  });

  it('turns a local time back into the instant, across daylight saving', () => {
    expect(toInstant('2026-12-01', 10 * 60, 'America/Denver').toISOString()).toBe('2026-12-01T17:00:00.000Z');
    expect(toInstant('2026-07-01', 10 * 60, 'America/Denver').toISOString()).toBe('2026-07-01T16:00:00.000Z');
    // London moves to summer time on 29 March 2026: 10:00 is 10:00 UTC before and 09:00 UTC after.
    expect(toInstant('2026-03-28', 600, 'Europe/London').toISOString()).toBe('2026-03-28T10:00:00.000Z');
    expect(toInstant('2026-03-30', 600, 'Europe/London').toISOString()).toBe('2026-03-30T09:00:00.000Z');
    expect(offsetMinutes(new Date('2026-11-02T12:00:00Z'), 'America/Denver')).toBe(-420);
  });

  it('keeps a time that does not exist (spring forward) on the day, after the jump', () => {
    const instant = toInstant('2026-03-08', 2 * 60 + 30, 'America/Denver');
    expect(localDateOf(instant, 'America/Denver')).toBe('2026-03-08');
    expect(minutesOf(instant, 'America/Denver')).toBe(3 * 60 + 30);
  });

  it('counts calendar days without a zone', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2026-12-03')).toBe(3);
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30');
    expect(daysBetween('2026-11-30', '2026-12-03')).toBe(3);
  });

  it('writes and reads local date-times as series take them', () => {
    expect(localDateTime('2026-12-03', 9 * 60 + 5)).toBe('2026-12-03T09:05:00');
    expect(splitLocal('2026-12-03T09:05:00')).toEqual({ date: '2026-12-03', minutes: 545 });
  });
});
