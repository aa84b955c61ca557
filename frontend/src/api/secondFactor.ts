// Two-factor sign-in from the settings: one's own status and enrolment, and an owner's reset
// of a staff member's. (The login's second step is the session's, see `session.ts`.)
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, useServices } from './context';
import { unwrap } from './problem';

export const secondFactorKey = ['me', 'second-factor'] as const;

export function useMySecondFactor() {
  const api = useApi();
  return useQuery({
    queryKey: secondFactorKey,
    queryFn: async () => unwrap(await api.GET('/v1/me/second-factor')),
  });
}

export function useBeginEnrolment() {
  const api = useApi();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/me/second-factor')),
  });
}

/** Confirms with a code; the login continues on the new tokens, which passed the second factor. */
export function useConfirmEnrolment() {
  const api = useApi();
  const { session } = useServices();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (code: string) => unwrap(await api.POST('/v1/me/second-factor/confirm', { body: { code } })),
    onSuccess: (confirmed) => {
      session.adopt(confirmed.tokens);
      void queryClient.invalidateQueries({ queryKey: secondFactorKey });
    },
  });
}

export function useResetSecondFactor() {
  const api = useApi();
  return useMutation({
    mutationFn: async (staffId: string) => {
      unwrap(await api.DELETE('/v1/staff/{id}/second-factor', { params: { path: { id: staffId } } }));
    },
  });
}
