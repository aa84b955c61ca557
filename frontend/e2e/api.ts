// Set-up through the API itself, for the browser tests: sign in as a demo user and call it.
import { BASE_URL, PASSWORD } from './support';

export interface ApiUser {
  staffId: string;
  call: <T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer<T>>;
  /** Like `call`, but fails the test on anything but 2xx. */
  ok: <T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<T>;
}

export interface Answer<T> {
  status: number;
  body: T;
  etag: string | null;
}

export async function apiAs(email: string): Promise<ApiUser> {
  const login = await fetch(`${BASE_URL}/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`login ${email}: ${login.status}`);
  const tokens = (await login.json()) as { access_token: string; staff_id: string };
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names the body the caller expects
  const call = async <T,>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${BASE_URL}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tokens.access_token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T, etag: response.headers.get('ETag') };
  };
  const ok = async <T,>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const answer = await call<T>(method, path, body, headers);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  return { staffId: tokens.staff_id, call, ok };
}

export interface Named {
  id: string;
  name?: string;
  display_name?: string;
}

export async function demoIds(api: ApiUser) {
  const services = await api.ok<(Named & { duration_minutes: number })[]>('GET', '/v1/services');
  const staff = await api.ok<{ items: (Named & { role: string })[] }>('GET', '/v1/staff?limit=100');
  const rooms = await api.ok<Named[]>('GET', '/v1/rooms');
  const byName = (list: Named[], name: string) => {
    const found = list.find((x) => (x.name ?? x.display_name ?? '').startsWith(name));
    if (!found) throw new Error(`no ${name}`);
    return found.id;
  };
  return {
    sports60: byName(services, 'Sports massage 60'),
    flush30: byName(services, 'Recovery flush 30'),
    maya: byName(staff.items, 'Maya'),
    jordan: byName(staff.items, 'Jordan'),
    room1: byName(rooms, 'Treatment room 1'),
  };
}

export async function newClient(api: ApiUser, given: string, family: string): Promise<string> {
  const c = await api.ok<{ id: string }>('POST', '/v1/clients', { given_name: given, family_name: family });
  return c.id;
}

/** The instant of a wall-clock time in Denver (the demo practice's zone) as RFC 3339. */
export function denver(date: string, time: string): string {
  const probe = new Date(`${date}T12:00:00Z`);
  const local = new Date(probe.toLocaleString('en-US', { timeZone: 'America/Denver' }));
  const utc = new Date(probe.toLocaleString('en-US', { timeZone: 'UTC' }));
  const offsetHours = Math.round((utc.getTime() - local.getTime()) / 3_600_000);
  return new Date(Date.parse(`${date}T${time}:00Z`) + offsetHours * 3_600_000).toISOString();
}

/**
 * The first week clear of the demo's weekly series (twelve weeks from its first working day):
 * a test that books a demo therapist at a time of its own picks a week from here on, or it
 * may land on a demo client's session.
 */
export const AFTER_DEMO_SERIES = 14;

/** A Monday `weeks` weeks from now, as YYYY-MM-DD. */
export function mondayIn(weeks: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 * weeks - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Books at a time outside the plan on purpose (tests that need a booking soon): with an
 * override reason where the API asks for one, without where it does not know the field.
 */
export async function bookSoon(api: ApiUser, body: Record<string, unknown>, from: Date): Promise<{ id: string; starts_at: string }> {
  for (let attempt = 0; attempt < 12; attempt++) {
    const start = new Date(Math.ceil(from.getTime() / 300_000) * 300_000 + attempt * 45 * 60_000);
    const base = { ...body, starts_at: start.toISOString(), outside_hours: true };
    let answer = await api.call<{ id: string; starts_at: string }>('POST', '/v1/bookings', {
      ...base,
      override_reason: { code: 'client_request' },
    });
    if (answer.status === 422 && JSON.stringify(answer.body).includes('override_reason')) {
      answer = await api.call('POST', '/v1/bookings', base);
    }
    if (answer.status === 201) return answer.body;
    if (answer.status !== 409) throw new Error(`booking: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  throw new Error('no free time found');
}
