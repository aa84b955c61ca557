// Set-up for the clinical browser tests, through the real API: a runner client with an intake,
// a race, an earlier signed note, and a booking with a therapist today (the demo's series
// start tomorrow). Also the raw storage reader used to look for clinical text in clear.
import type { Page } from 'playwright-core';
import { BASE_URL, PASSWORD } from './support';

export interface Caller {
  token: string;
  staffId: string;
}

export async function apiLogin(email: string): Promise<Caller> {
  const response = await fetch(`${BASE_URL}/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const pair = (await response.json()) as { access_token: string; staff_id: string };
  return { token: pair.access_token, staffId: pair.staff_id };
}

export async function call<T>(who: Caller, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { Authorization: `Bearer ${who.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

function day(offset: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

export interface Scenario {
  clientId: string;
  clientName: string;
  bookingId: string;
}

/**
 * A client booked today (with the therapist, or `bookedWith`) (within the UTC day the headless browser lives in),
 * with an intake (left calf, left plantar fascia, anticoagulants), a race in ten days and a
 * signed note from last week (plan, home care, techniques to copy).
 */
export async function bookedClient(therapist: Caller, family: string, bookedWith: Caller = therapist): Promise<Scenario> {
  const client = await call<{ id: string }>(therapist, 'POST', '/v1/clients', {
    given_name: 'Jamie',
    family_name: family,
    pressure_preference: 'firm',
  });
  await call(therapist, 'POST', `/v1/clients/${client.id}/intake-forms`, {
    chief_complaint: 'Heel pain on first steps',
    pain_areas: [
      { region: 'calf', side: 'left', intensity: 5, qualities: ['tight'], aggravating: [] },
      { region: 'plantar_fascia', side: 'left', intensity: 6, qualities: ['sharp'], aggravating: [] },
    ],
    contraindications: ['anticoagulants'],
    consent: { agreed: true, signer_name: `Jamie ${family}`, text_version: '2026-11-01' },
  });
  await call(therapist, 'POST', `/v1/clients/${client.id}/races`, {
    name: 'Valley Half', date: day(10), distance_meters: 21097, priority: 'a',
  });
  const earlier = await call<{ id: string }>(therapist, 'POST', '/v1/session-notes', {
    client_id: client.id, session_date: day(-7), duration_minutes: 60,
    subjective: 'Heel sore in the mornings', plan: 'Two more sessions, then reassess',
    techniques: [{ technique: 'trigger_point', regions: [{ region: 'calf', side: 'left' }], minutes: 20, pressure: 'firm' }],
    pain: [{ region: 'calf', side: 'left', before: 7, after: 4 }],
    home_care: [{ kind: 'ball_release', details: '2 minutes every morning' }],
    next_visit_in_days: 7,
  });
  await call(therapist, 'POST', `/v1/session-notes/${earlier.id}/sign`);
  const services = await call<{ id: string; duration_minutes: number }[]>(therapist, 'GET', '/v1/services');
  const service = services.find((s) => s.duration_minutes === 60) ?? services[0];
  // Therapists book only for themselves; the owner books for another.
  const booker = bookedWith === therapist ? therapist : await apiLogin('owner@stride.example');
  // Earlier runs on the same server hold some slots of the day: take the first free one.
  for (let slot = 0; slot < 17; slot += 1) {
    const start = new Date(`${day(0)}T00:00:00Z`);
    start.setUTCMinutes(20 + slot * 80);
    try {
      const booking = await call<{ id: string }>(booker, 'POST', '/v1/bookings', {
        client_id: client.id, therapist_id: bookedWith.staffId, service_id: service?.id,
        starts_at: start.toISOString(), outside_hours: true, override_reason: { code: 'client_request' },
      });
      return { clientId: client.id, clientName: `Jamie ${family}`, bookingId: booking.id };
    } catch (error) {
      if (!String(error).includes('409')) throw error;
    }
  }
  throw new Error('no free slot today');
}

/** Everything the page's origin keeps: localStorage and every IndexedDB database, as text. */
export async function rawStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i) ?? '';
      parts.push(`${key}=${localStorage.getItem(key) ?? ''}`);
    }
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name ?? '');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(new Error('open failed'));
      });
      for (const store of db.objectStoreNames) {
        const all = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
        });
        parts.push(`${info.name}/${store}=${JSON.stringify(all)}`);
      }
      db.close();
    }
    return parts.join('\n');
  });
}
