import { describe, expect, it } from 'vitest';
import { ACTIVITY_KEY, idleState, latestActivity } from './idleClock';

const minute = 60_000;

describe('idleState', () => {
  it('is active until a minute before the idle time, then warns, then expires', () => {
    expect(idleState(13 * minute, 0, 15)).toEqual({ kind: 'active' });
    expect(idleState(14 * minute, 0, 15)).toEqual({ kind: 'warning', secondsLeft: 60 });
    expect(idleState(14 * minute + 59_500, 0, 15)).toEqual({ kind: 'warning', secondsLeft: 1 });
    expect(idleState(15 * minute, 0, 15)).toEqual({ kind: 'expired' });
  });

  it('counts from the last activity', () => {
    expect(idleState(20 * minute, 10 * minute, 15)).toEqual({ kind: 'active' });
  });
});

describe('latestActivity', () => {
  const storage = (value: string | null) => ({ getItem: (key: string) => (key === ACTIVITY_KEY ? value : null) });

  it('takes another tab’s later activity', () => {
    expect(latestActivity(1_000, storage('5000'))).toBe(5_000);
  });

  it('keeps its own when storage is older, empty or garbled', () => {
    expect(latestActivity(9_000, storage('5000'))).toBe(9_000);
    expect(latestActivity(9_000, storage(null))).toBe(9_000);
    expect(latestActivity(9_000, storage('soon'))).toBe(9_000);
    expect(latestActivity(9_000, null)).toBe(9_000);
  });
});
