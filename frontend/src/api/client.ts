// The typed API client: openapi-fetch over the generated `paths`, sending every call
// through the session so tokens are attached and renewed in one place.
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { Session } from './session';

export type Api = ReturnType<typeof createClient<paths>>;

/** Where the API lives: same origin unless the build names another (VITE_API_BASE_URL). */
export const API_BASE_URL: string = import.meta.env.VITE_API_BASE_URL ?? '';

export function createApi(session: Session, baseUrl = API_BASE_URL): Api {
  return createClient<paths>({ baseUrl, fetch: session.fetch });
}

export function createBrowserSession(baseUrl = API_BASE_URL): Session {
  const session = new Session({
    baseUrl,
    storage: window.localStorage,
    locks: 'locks' in navigator ? navigator.locks : null,
  });
  window.addEventListener('storage', (event) => {
    if (event.key === null || event.key === 'knead.session') session.syncFromStorage();
  });
  return session;
}

/** A fresh key per user action, so a retried create is not applied twice. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * Request options that send a text body (a CSV export) as it is: openapi-fetch would otherwise
 * JSON-encode the string and label it `application/json`.
 */
export function textBody(contentType: string) {
  return { bodySerializer: (body: string) => body, headers: { 'Content-Type': contentType } };
}
