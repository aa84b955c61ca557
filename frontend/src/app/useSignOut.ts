// Signing out, the one way every path takes (the button, automatic logoff): the session ends
// on the server, every cached answer is dropped so the next person at this browser sees
// nothing of it, and the sign-in page says why when it was not asked for (the session keeps the notice, as
// the guard that sees the tokens go may navigate first).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { useServices } from '../api/context';

export function useSignOut(): (notice?: string) => Promise<void> {
  const { session } = useServices();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(
    async (notice?: string) => {
      await session.logout(notice);
      queryClient.clear();
      void navigate('/login', { replace: true });
    },
    [session, queryClient, navigate],
  );
}
