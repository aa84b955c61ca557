// Dates and times in the practice's zone, whatever zone the browser is in. A calendar day is
// a plain `YYYY-MM-DD` string; a time of day is minutes since local midnight; an instant is a
// Date. Intl.DateTimeFormat with `timeZone` does the zone's work (offsets, daylight saving).

export type LocalDate = string;

const formats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(zone, format);
  }
  return format;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of an instant in a zone. */
export function wallClock(instant: Date, zone: string): Wall {
  const out: Record<string, number> = {};
  for (const part of partsFormat(zone).formatToParts(instant)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: (out.hour ?? 0) % 24,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in minutes (Denver in winter: -420). */
export function offsetMinutes(instant: Date, zone: string): number {
  const w = wallClock(instant, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar day an instant falls on in a zone. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  const w = wallClock(instant, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** Minutes since local midnight of an instant in a zone. */
export function minutesOf(instant: Date, zone: string): number {
  const w = wallClock(instant, zone);
  return w.hour * 60 + w.minute;
}

function dateParts(date: LocalDate): [number, number, number] {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return [y, m, d];
}

/**
 * The instant a wall-clock time on a day has in a zone. In a spring-forward gap (a time that
 * does not exist) it lands on the same wall reading after the jump, as calendars do.
 */
export function toInstant(date: LocalDate, minutes: number, zone: string): Date {
  const [y, m, d] = dateParts(date);
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  let guess = wall - offsetMinutes(new Date(wall), zone) * 60_000;
  guess = wall - offsetMinutes(new Date(guess), zone) * 60_000;
  if (minutesOf(new Date(guess), zone) !== minutes % 1440) {
    // In the gap: read the wall time with the offset from before the jump.
    guess = wall - offsetMinutes(new Date(guess - 3 * 3_600_000), zone) * 60_000;
  }
  return new Date(guess);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayOf(date: LocalDate): number {
  const [y, m, d] = dateParts(date);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function startOfWeek(date: LocalDate): LocalDate {
  return addDays(date, -weekdayOf(date));
}

/** Days from a to b (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const [ya, ma, da] = dateParts(a);
  const [yb, mb, db] = dateParts(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

/** `2026-12-03T10:00:00`: a local date-time without offset, as series rules take them. */
export function localDateTime(date: LocalDate, minutes: number): string {
  return `${date}T${clock(minutes)}:00`;
}

/** Splits a local date-time (`2026-12-03T10:00:00`) into its day and minutes. */
export function splitLocal(value: string): { date: LocalDate; minutes: number } {
  const [date = '', time = '00:00'] = value.split('T');
  const [h = 0, min = 0] = time.split(':').map(Number);
  return { date, minutes: h * 60 + min };
}

/** 600 → "10:00". */
export function clock(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** "10:00" or "10:00:00" → 600. */
export function parseClock(value: string): number {
  const [h = 0, m = 0] = value.split(':').map(Number);
  return h * 60 + m;
}

/** "Tue 3 Dec", in the reader's language; the date is a calendar day, not an instant. */
export function dayLabel(date: LocalDate, style: 'short' | 'long' = 'short'): string {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, {
    timeZone: 'UTC',
    weekday: style,
    day: 'numeric',
    month: style === 'long' ? 'long' : 'short',
    ...(style === 'long' ? { year: 'numeric' } : {}),
  });
}

/** An instant's time of day in the zone: "10:00". */
export function timeIn(instant: string | Date, zone: string): string {
  return clock(minutesOf(new Date(instant), zone));
}

/** The zone the browser runs in. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
