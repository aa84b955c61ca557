// Who is signed in, and setting a password through a link. Signing in, renewal and signing
// out are the session's (`session.ts`), not react-query's.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useApi } from './context';
import { unwrap } from './problem';
import type { PasswordResetRequest, SetPasswordRequest } from './types';

export const meKey = ['me'] as const;

export function useMe(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: meKey,
    queryFn: async () => unwrap(await api.GET('/v1/me')),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Sets a password through a one-time invitation or reset link; the API answers 204, no tokens. */
export function useSetPasswordWithLink() {
  const api = useApi();
  return useMutation({
    mutationFn: async (body: SetPasswordRequest) => {
      unwrap(await api.POST('/v1/auth/password', { body }));
    },
  });
}

/**
 * Asks for a password-reset email. The API answers 202 alike whether or not an account has
 * the address, so the page can only say that a link is on its way if one exists.
 */
export function useRequestPasswordReset() {
  const api = useApi();
  return useMutation({
    mutationFn: async (body: PasswordResetRequest) => {
      unwrap(await api.POST('/v1/auth/password-reset-requests', { body }));
    },
  });
}
