// What every screen needs from outside React: the session and the typed API client.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Api } from '../api/client';
import type { Session, Tokens } from '../api/session';
import type { Role } from '../api/types';

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

/** Owners and therapists see clinical content; the front desk never does. */
export function isClinical(role: Role | undefined): boolean {
  return role === 'owner' || role === 'therapist';
}

export function useRole(): Role | undefined {
  return useTokens()?.role;
}
