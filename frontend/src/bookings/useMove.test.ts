import { describe, expect, it } from 'vitest';
import { shiftedStart } from './useMove';

describe('shiftedStart', () => {
  it('carries the clicked occurrence’s move over to the series’ next occurrence', () => {
    // Clicked the 15 Dec (Tuesday) 10:00 session and moved it to Thursday 17 Dec at 11:30;
    // the next occurrence is 8 Dec, so all upcoming ones start on Thursday 10 Dec at 11:30.
    expect(shiftedStart('2026-12-15T10:00:00', { date: '2026-12-17', minutes: 690 }, '2026-12-08T10:00:00')).toBe(
      '2026-12-10T11:30:00',
    );
  });

  it('keeps the day when only the time changes', () => {
    expect(shiftedStart('2026-12-15T10:00:00', { date: '2026-12-15', minutes: 540 }, '2026-12-15T10:00:00')).toBe(
      '2026-12-15T09:00:00',
    );
  });
});
