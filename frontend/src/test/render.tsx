// Renders screens with the real session and typed client over a fake fetch: tests answer
// API calls by method and path, and see every request the screen made.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { createApi } from '../api/client';
import { Session, type Tokens } from '../api/session';
import type { Role } from '../api/types';
import { ServicesProvider } from '../api/context';

export type Handler = (request: Request) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

/** A 200 with an ETag, as the API answers reads of records that are edited with If-Match. */
export function tagged(body: unknown, etag = '"v1"'): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', ETag: etag } });
}

export function signedIn(role: Role): Tokens {
  return {
    accessToken: 'access',
    refreshToken: 'refresh',
    expiresAt: Date.now() + 15 * 60_000,
    role,
    staffId: 'staff',
    practiceId: 'practice',
  };
}

interface Options {
  routes: Record<string, Handler>;
  path: string;
  at: string;
  role?: Role | null;
  /** More screens by path, for a screen that sends people to another (`/login`). */
  others?: Record<string, ReactElement>;
}

export function renderScreen(screen: ReactElement, { routes, path, at, role = 'therapist', others = {} }: Options) {
  const requests: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request.clone());
    const url = new URL(request.url);
    const handler = routes[`${request.method} ${url.pathname}`];
    return handler ? handler(request) : json(404, { type: '/problems/not-found', title: 'Not Found', status: 404 });
  };
  if (role) window.localStorage.setItem('knead.session', JSON.stringify(signedIn(role)));
  const session = new Session({ baseUrl: 'http://api.test', fetch, storage: window.localStorage, schedule: false });
  const api = createApi(session, 'http://api.test');
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const view = render(
    <ServicesProvider services={{ session, api }}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[at]}>
          <Routes>
            <Route path={path} element={screen} />
            {Object.entries(others).map(([otherPath, element]) => (
              <Route key={otherPath} path={otherPath} element={element} />
            ))}
            <Route path="*" element={<p>Elsewhere</p>} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </ServicesProvider>,
  );
  return { ...view, requests, session };
}
