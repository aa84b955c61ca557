import { describe, expect, it } from 'vitest';
import type { Phase } from '../api/types';
import { cadenceLabel } from './labels';
import { layoutTimeline, MIN_PHASE_WIDTH, MONTH_CLEARANCE } from './timeline';

const race = { kind: 'race_relative' } as const;
const phases: Phase[] = [
  // Out of order on purpose: the layout sorts by start.
  { kind: 'maintenance', starts_on: '2027-01-05', ends_on: '2027-01-10', cadence: { kind: 'window', min_days: 21, max_days: 28 } },
  { kind: 'build', starts_on: '2027-01-01', ends_on: '2027-01-03', cadence: { kind: 'every', days: 7 } },
  { kind: 'race', starts_on: '2027-01-04', ends_on: '2027-01-04', cadence: race },
];

describe('layoutTimeline', () => {
  it('places phases by day over the whole plan, in order', () => {
    const t = layoutTimeline({ phases, races: [], sessions: [], today: '2027-01-02' });
    expect(t?.startsOn).toBe('2027-01-01');
    expect(t?.endsOn).toBe('2027-01-10');
    expect(t?.segments.map((s) => [s.kind, s.left, s.width])).toEqual([
      ['build', 0, 30],
      ['race', 30, 10],
      ['maintenance', 40, 60],
    ]);
    expect(t?.today).toEqual({ date: '2027-01-02', left: 15, anchor: 'start' });
  });

  it('keeps a one-day phase visible in a long plan', () => {
    const long: Phase[] = [
      { kind: 'build', starts_on: '2027-01-01', ends_on: '2027-12-30', cadence: { kind: 'every', days: 7 } },
      { kind: 'race', starts_on: '2027-12-31', ends_on: '2027-12-31', cadence: race },
    ];
    const t = layoutTimeline({ phases: long, races: [], sessions: [], today: '2026-01-01' });
    expect(t?.segments[1]?.width).toBe(MIN_PHASE_WIDTH);
    expect(t?.today).toBeNull();
  });

  it('marks races, sessions and proposals inside the plan only, labels near the end hanging left', () => {
    const t = layoutTimeline({
      phases,
      races: [
        { id: 'b', name: 'Late', date: '2027-01-09', priority: 'c' },
        { id: 'a', name: 'Goal', date: '2027-01-04', priority: 'a' },
        { id: 'x', name: 'Last year', date: '2026-06-01', priority: 'a' },
      ],
      sessions: ['2027-01-02', '2027-01-02', '2027-02-01'],
      proposals: ['2027-01-08'],
      today: '2027-01-01',
    });
    expect(t?.races.map((r) => [r.name, r.left, r.anchor])).toEqual([
      ['Goal', 35, 'start'],
      ['Late', 85, 'end'],
    ]);
    expect(t?.sessions.map((s) => s.date)).toEqual(['2027-01-02']);
    expect(t?.proposals.map((s) => s.left)).toEqual([75]);
  });

  it('puts every other race label on the second line', () => {
    const t = layoutTimeline({
      phases,
      races: [
        { id: 'a', name: 'One', date: '2027-01-02', priority: 'a' },
        { id: 'b', name: 'Two', date: '2027-01-03', priority: 'b' },
        { id: 'c', name: 'Three', date: '2027-01-10', priority: 'c' },
      ],
      sessions: [],
      today: '2027-01-01',
    });
    expect(t?.races.map((r) => r.row)).toEqual([0, 1, 0]);
  });

  it('draws a tick at the first of each month, except right beside the start', () => {
    const early = layoutTimeline({
      phases: [{ kind: 'build', starts_on: '2026-12-28', ends_on: '2027-03-31', cadence: { kind: 'every', days: 7 } }],
      races: [],
      sessions: [],
      today: '2026-12-28',
    });
    expect(early?.months.map((m) => m.date)).toEqual(['2027-02-01', '2027-03-01']);
    expect(MONTH_CLEARANCE).toBeGreaterThan(4);

    const t = layoutTimeline({
      phases: [{ kind: 'build', starts_on: '2026-12-17', ends_on: '2027-02-14', cadence: { kind: 'every', days: 14 } }],
      races: [],
      sessions: [],
      today: '2026-12-17',
    });
    expect(t?.months.map((m) => [m.date, m.left])).toEqual([
      ['2027-01-01', 25],
      ['2027-02-01', 76.67],
    ]);
  });

  it('has nothing to draw without phases', () => {
    expect(layoutTimeline({ phases: [], races: [], sessions: [], today: '2027-01-01' })).toBeNull();
  });
});

describe('cadenceLabel', () => {
  it('reads cadences as a therapist says them', () => {
    expect(cadenceLabel('build', { kind: 'every', days: 7 })).toBe('weekly');
    expect(cadenceLabel('build', { kind: 'every', days: 14 })).toBe('every 2 weeks');
    expect(cadenceLabel('rehab', { kind: 'every', days: 10 })).toBe('every 10 days');
    expect(cadenceLabel('maintenance', { kind: 'window', min_days: 21, max_days: 28 })).toBe('every 21–28 days');
    expect(cadenceLabel('taper', race)).toBe('one lighter session before the race');
    expect(cadenceLabel('race', race)).toBe('no session on race day');
  });
});
