// Where bookings sit in a day column: side by side when they overlap (a week view of several
// therapists), each group of overlapping bookings sharing the column's width.

export interface Span {
  start: number;
  end: number;
}

export interface Placed<T> {
  item: T;
  lane: number;
  lanes: number;
}

export function placeLanes<T extends Span>(items: readonly T[]): Placed<T>[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const placed: Placed<T>[] = [];
  let group: Placed<T>[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -Infinity;
  const close = () => {
    for (const p of group) p.lanes = laneEnds.length;
    group = [];
    laneEnds = [];
  };
  for (const item of sorted) {
    if (item.start >= groupEnd) close();
    let lane = laneEnds.findIndex((end) => end <= item.start);
    if (lane === -1) lane = laneEnds.push(item.end) - 1;
    else laneEnds[lane] = item.end;
    const p = { item, lane, lanes: 1 };
    group.push(p);
    placed.push(p);
    groupEnd = Math.max(groupEnd, item.end);
  }
  close();
  return placed;
}

/** The hours a grid shows: working hours and bookings, at least 08:00–18:00, whole hours. */
export function visibleHours(spans: readonly Span[]): { first: number; last: number } {
  let first = 8 * 60;
  let last = 18 * 60;
  for (const s of spans) {
    first = Math.min(first, s.start);
    last = Math.max(last, s.end);
  }
  return { first: Math.floor(first / 60) * 60, last: Math.min(24 * 60, Math.ceil(last / 60) * 60) };
}
