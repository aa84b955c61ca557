import { describe, expect, it } from 'vitest';
import { formatSession, sessionParts, zoneNote } from './sessionTime';

describe('formatSession', () => {
  it('shows the session in its own zone, whatever the reader’s', () => {
    // 16:00 UTC is 10:00 in Denver (daylight time).
    expect(formatSession('2026-05-12T16:00:00Z', '2026-05-12T17:00:00Z', 'America/Denver', 'en-GB')).toBe(
      'Tuesday, 12 May 2026, 10:00–11:00',
    );
  });

  it('keeps the local day when the UTC day differs', () => {
    // 02:30 UTC on the 13th is 20:30 on the 12th in Denver.
    expect(formatSession('2026-05-13T02:30:00Z', '2026-05-13T03:30:00Z', 'America/Denver', 'en-GB')).toBe(
      'Tuesday, 12 May 2026, 20:30–21:30',
    );
  });
});

describe('sessionParts', () => {
  it('gives the day and the times apart', () => {
    expect(sessionParts('2026-05-12T16:00:00Z', '2026-05-12T17:00:00Z', 'America/Denver', 'en-GB')).toEqual({
      day: 'Tuesday, 12 May 2026',
      times: '10:00–11:00',
    });
  });
});

describe('zoneNote', () => {
  it('names the session’s zone only to a reader elsewhere', () => {
    expect(zoneNote('America/Denver', 'America/Denver')).toBeNull();
    expect(zoneNote('America/Denver', 'Europe/London')).toBe('Denver time');
    expect(zoneNote('America/Los_Angeles', 'UTC')).toBe('Los Angeles time');
  });
});
