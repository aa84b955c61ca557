import { describe, expect, it, vi } from 'vitest';
import { Session, type Tokens } from './session';

const BASE = 'http://api.test';

function pair(n: number, expiresIn = 900) {
  return {
    access_token: `access-${n}`,
    refresh_token: `refresh-${n}`,
    token_type: 'Bearer',
    expires_in: expiresIn,
    practice_id: 'p',
    staff_id: 's',
    role: 'therapist',
  };
}

function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

/** A fake API: /v1/auth/refresh rotates tokens (slowly, to let callers pile up); /v1/data wants the latest access token. */
function fakeApi() {
  let generation = 1;
  const refreshes: string[] = [];
  const seen: (string | null)[] = [];
  const fetch = vi.fn(async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === '/v1/auth/refresh') {
      const body = (await request.json()) as { refresh_token: string };
      refreshes.push(body.refresh_token);
      await new Promise((r) => setTimeout(r, 5));
      if (body.refresh_token !== `refresh-${generation}`) {
        return json(401, { type: '/problems/unauthorized', title: 'Unauthorized', status: 401 }, 'application/problem+json');
      }
      generation += 1;
      return json(200, pair(generation));
    }
    if (path === '/v1/data') {
      const auth = request.headers.get('Authorization');
      seen.push(auth);
      if (auth !== `Bearer access-${generation}`) {
        return json(401, { type: '/problems/unauthorized', title: 'Unauthorized', status: 401 }, 'application/problem+json');
      }
      return json(200, { ok: true, body: request.method === 'POST' ? await request.text() : null });
    }
    return json(404, { type: '/problems/not-found', title: 'Not Found', status: 404 });
  });
  return { fetch, refreshes, seen };
}

function stored(n: number, expiresAt: number): Tokens {
  return {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    expiresAt,
    role: 'therapist',
    staffId: 's',
    practiceId: 'p',
  };
}

describe('Session', () => {
  it('stays signed out when a renewal that was under way answers after the logout', async () => {
    const api = fakeApi();
    const now = Date.now();
    window.localStorage.setItem('knead.session', JSON.stringify(stored(1, now + 600_000)));
    const session = new Session({ baseUrl: BASE, fetch: api.fetch, storage: window.localStorage, schedule: false });
    const renewal = session.refresh();
    await session.logout('You were signed out after 15 minutes without activity.');
    await renewal;
    expect(session.tokens).toBeNull();
    expect(window.localStorage.getItem('knead.session')).toBeNull();
    expect(session.endNotice).toBe('You were signed out after 15 minutes without activity.');
  });

  it('renews in the background a minute before the access token expires', async () => {
    vi.useFakeTimers();
    try {
      const api = fakeApi();
      const start = Date.now();
      window.localStorage.setItem('knead.session', JSON.stringify(stored(1, start + 120_000)));
      const session = new Session({ baseUrl: BASE, fetch: api.fetch, storage: window.localStorage });
      await vi.advanceTimersByTimeAsync(59_000);
      expect(api.refreshes).toEqual([]);
      await vi.advanceTimersByTimeAsync(2_000);
      await vi.advanceTimersByTimeAsync(10);
      expect(api.refreshes).toEqual(['refresh-1']);
      expect(session.tokens?.accessToken).toBe('access-2');
      await session.logout();
    } finally {
      vi.useRealTimers();
    }
  });

  it('single-flights the refresh: five 401s cause one refresh with the current token', async () => {
    const api = fakeApi();
    const now = 1_000_000;
    const session = new Session({ baseUrl: BASE, fetch: api.fetch, storage: window.localStorage, now: () => now, schedule: false });
    // Server at generation 2, client still holding generation 1's access token but the
    // current refresh token: every call gets 401 and must trigger exactly one refresh.
    window.localStorage.setItem('knead.session', JSON.stringify({ ...stored(1, now + 600_000), accessToken: 'access-0' }));
    session.syncFromStorage();

    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => session.fetch(new Request(`${BASE}/v1/data`, { method: 'POST', body: `call ${i}` }))),
    );

    expect(api.refreshes).toEqual(['refresh-1']);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ body: string }>));
    expect(bodies.map((b) => b.body)).toEqual(['call 1', 'call 2', 'call 3', 'call 4', 'call 5']);
    expect(session.tokens?.refreshToken).toBe('refresh-2');
    expect(JSON.parse(window.localStorage.getItem('knead.session') ?? '{}')).toMatchObject({ accessToken: 'access-2' });
  });

  it('renews before sending when the access token is about to expire', async () => {
    const api = fakeApi();
    let now = 1_000_000;
    const session = new Session({ baseUrl: BASE, fetch: api.fetch, storage: window.localStorage, now: () => now, schedule: false });
    window.localStorage.setItem('knead.session', JSON.stringify(stored(1, now + 10_000)));
    session.syncFromStorage();
    now += 5_000;
    const [a, b] = await Promise.all([
      session.fetch(new Request(`${BASE}/v1/data`)),
      session.fetch(new Request(`${BASE}/v1/data`)),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(api.refreshes).toEqual(['refresh-1']);
    expect(api.seen).toEqual(['Bearer access-2', 'Bearer access-2']);
  });

  it('adopts tokens another tab stored while this one waited for the lock', async () => {
    const api = fakeApi();
    const now = 1_000_000;
    const storage = window.localStorage;
    storage.setItem('knead.session', JSON.stringify(stored(1, now + 600_000)));
    // A lock manager that lets "another tab" rotate the token before granting the lock.
    const locks = {
      request: async (_name: string, callback: () => Promise<unknown>) => {
        storage.setItem('knead.session', JSON.stringify(stored(7, now + 900_000)));
        return callback();
      },
    } as unknown as LockManager;
    const session = new Session({ baseUrl: BASE, fetch: api.fetch, storage, locks, now: () => now, schedule: false });
    const tokens = await session.refresh();
    expect(tokens?.refreshToken).toBe('refresh-7');
    expect(api.refreshes).toEqual([]);
  });

  it('ends the session when the refresh token is refused', async () => {
    const api = fakeApi();
    const now = 1_000_000;
    const session = new Session({ baseUrl: BASE, fetch: api.fetch, storage: window.localStorage, now: () => now, schedule: false });
    window.localStorage.setItem('knead.session', JSON.stringify(stored(5, now + 600_000)));
    session.syncFromStorage();
    const seen: (Tokens | null)[] = [];
    session.subscribe((t) => seen.push(t));
    const response = await session.fetch(new Request(`${BASE}/v1/data`));
    expect(response.status).toBe(401);
    expect(session.tokens).toBeNull();
    expect(seen).toEqual([null]);
    expect(window.localStorage.getItem('knead.session')).toBeNull();
  });

  it('logs in, turns a problem into an ApiProblem, and logs out locally even offline', async () => {
    const fetch = vi.fn(async (request: Request) => {
      const body = (await request.json()) as { password?: string };
      if (new URL(request.url).pathname === '/v1/auth/logout') throw new TypeError('offline');
      return body.password === 'right'
        ? json(200, pair(1))
        : json(401, { type: '/problems/unauthorized', title: 'Wrong email or password', status: 401 }, 'application/problem+json');
    });
    const session = new Session({ baseUrl: BASE, fetch, storage: window.localStorage, schedule: false });
    await expect(session.login({ email: 'a@b.c', password: 'wrong' })).rejects.toMatchObject({
      name: 'ApiProblem',
      status: 401,
      title: 'Wrong email or password',
    });
    const tokens = await session.login({ email: 'a@b.c', password: 'right' });
    expect('role' in tokens && tokens.role).toBe('therapist');
    await session.logout();
    expect(session.tokens).toBeNull();
    expect(window.localStorage.getItem('knead.session')).toBeNull();
  });
});
