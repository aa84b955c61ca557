// A session's date and time as its client reads it: in the practice's zone (where the session
// happens), in the reader's own language and clock.

/** The day and the times apart ("Tuesday, 12 May 2026" and "10:00–11:00" in `en-GB`), so each can keep to a line. */
export function sessionParts(startsAt: string, endsAt: string, timeZone: string, locale?: string): { day: string; times: string } {
  const start = new Date(startsAt);
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone });
  return { day: day.format(start), times: time.formatRange(start, new Date(endsAt)) };
}

/** "Tuesday, 12 May 2026, 10:00–11:00" (in `en-GB`); `locale` undefined: the reader's. */
export function formatSession(startsAt: string, endsAt: string, timeZone: string, locale?: string): string {
  const { day, times } = sessionParts(startsAt, endsAt, timeZone, locale);
  return `${day}, ${times}`;
}

/** "Denver time" when the reader's device is set to another zone than the session's; else null. */
export function zoneNote(timeZone: string, readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone): string | null {
  if (readerZone === timeZone) return null;
  const city = timeZone.split('/').pop() ?? timeZone;
  return `${city.replace(/_/g, ' ')} time`;
}
