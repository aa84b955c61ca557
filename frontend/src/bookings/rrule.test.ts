import { describe, expect, it } from 'vitest';
import { buildRRule, defaultRepeat } from './rrule';

describe('buildRRule', () => {
  it('writes a weekly rule with a count', () => {
    expect(buildRRule(defaultRepeat('2026-12-03'), 'America/Denver')).toBe('FREQ=WEEKLY;BYDAY=TH;COUNT=8');
  });

  it('writes every other week on several days, in weekday order, without repeats', () => {
    const rule = buildRRule({ interval: 2, weekdays: [3, 1, 3], end: { kind: 'count', count: 12 } }, 'UTC');
    expect(rule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=12');
  });

  it('ends UNTIL at the last second of the chosen day in the practice’s zone, in UTC', () => {
    const rule = buildRRule({ interval: 1, weekdays: [0], end: { kind: 'until', until: '2027-02-01' } }, 'America/Denver');
    expect(rule).toBe('FREQ=WEEKLY;BYDAY=MO;UNTIL=20270202T065959Z');
  });
});
