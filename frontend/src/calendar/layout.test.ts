import { describe, expect, it } from 'vitest';
import { placeLanes, visibleHours } from './layout';

describe('placeLanes', () => {
  it('puts overlapping bookings side by side and lone ones full width', () => {
    const placed = placeLanes([
      { id: 'a', start: 600, end: 660 },
      { id: 'b', start: 630, end: 690 },
      { id: 'c', start: 660, end: 720 },
      { id: 'd', start: 800, end: 860 },
    ]);
    const by = Object.fromEntries(placed.map((p) => [p.item.id, [p.lane, p.lanes]]));
    expect(by).toEqual({ a: [0, 2], b: [1, 2], c: [0, 2], d: [0, 1] });
  });

  it('lets a booking start where another ends without overlapping it', () => {
    const placed = placeLanes([
      { start: 600, end: 660 },
      { start: 660, end: 720 },
    ]);
    expect(placed.map((p) => p.lanes)).toEqual([1, 1]);
  });
});

describe('visibleHours', () => {
  it('covers the working day and anything booked outside it, in whole hours', () => {
    expect(visibleHours([])).toEqual({ first: 480, last: 1080 });
    expect(visibleHours([{ start: 7 * 60 + 30, end: 19 * 60 + 15 }])).toEqual({ first: 420, last: 1200 });
  });
});
