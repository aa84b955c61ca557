// The transport services every screen reaches through React: the session (tokens, renewal)
// and the typed API client. They live beside the client, not in the app shell, so the query
// hooks depend on nothing above `api/`; the shell only provides them.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Api } from './client';
import type { Session, Tokens } from './session';
import type { Role } from './types';

export interface Services {
  session: Session;
  api: Api;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}

export function useApi(): Api {
  return useServices().api;
}

/** The current tokens; re-renders on login, renewal and logout (in any tab). */
export function useTokens(): Tokens | null {
  const { session } = useServices();
  return useSyncExternalStore(
    (onChange) => session.subscribe(onChange),
    () => session.tokens,
  );
}

/** The signed-in role, from the tokens the API issued at sign-in. */
export function useRole(): Role | undefined {
  return useTokens()?.role;
}
