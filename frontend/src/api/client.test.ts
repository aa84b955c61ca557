import { describe, expect, it } from 'vitest';
import { createApi } from './client';
import { ApiProblem, unwrap } from './problem';
import { Session } from './session';

describe('typed client', () => {
  it('sends the bearer token through the session and turns problem+json into an ApiProblem', async () => {
    const seen: Request[] = [];
    const fetch = (request: Request) => {
      seen.push(request);
      return Promise.resolve(
        new Response(
          JSON.stringify({
            type: '/problems/validation',
            title: 'Invalid input',
            status: 422,
            errors: [{ parameter: 'limit', message: 'must be between 1 and 200' }],
          }),
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      );
    };
    window.localStorage.setItem(
      'knead.session',
      JSON.stringify({ accessToken: 'tok', refreshToken: 'ref', expiresAt: Date.now() + 600_000, role: 'owner', staffId: 's', practiceId: 'p' }),
    );
    const session = new Session({ baseUrl: 'http://api.test', fetch, storage: window.localStorage, schedule: false });
    const api = createApi(session, 'http://api.test');

    let problem: unknown;
    try {
      unwrap(await api.GET('/v1/clients', { params: { query: { limit: 500 } } }));
    } catch (error) {
      problem = error;
    }
    expect(problem).toBeInstanceOf(ApiProblem);
    expect((problem as ApiProblem).messageFor('limit')).toBe('must be between 1 and 200');
    expect(seen[0]?.url).toBe('http://api.test/v1/clients?limit=500');
    expect(seen[0]?.headers.get('Authorization')).toBe('Bearer tok');
  });
});
