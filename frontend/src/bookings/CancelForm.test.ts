import { describe, expect, it } from 'vitest';
import { isLate } from './CancelForm';

describe('isLate', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  it('is late inside the window and after the start, on time before it', () => {
    expect(isLate('2026-12-04T11:59:00Z', 24, now)).toBe(true);
    expect(isLate('2026-12-04T12:01:00Z', 24, now)).toBe(false);
    expect(isLate('2026-12-03T11:00:00Z', 0, now)).toBe(true);
    expect(isLate('2026-12-03T13:00:00Z', 0, now)).toBe(false);
  });
});
