// Runs `syncPending` once per sign-in, when the draft key is at hand.
import { useQuery } from '@tanstack/react-query';
import { useApi, useTokens } from '../api/context';
import { useDraftKey } from '../api/draftKey';
import { createNote, fetchNote, replaceNote } from '../api/notes';
import { isClinical } from '../api/roles';
import { LocalDrafts, unsyncedDrafts } from './localDrafts';
import { toNoteInput } from './model';
import { syncPending } from './syncPending';

export function usePendingSync() {
  const api = useApi();
  const tokens = useTokens();
  const staffId = tokens?.staffId ?? '';
  const pending = isClinical(tokens?.role) && staffId !== '' && unsyncedDrafts(window.localStorage, staffId) > 0;
  const key = useDraftKey(pending);
  return useQuery({
    queryKey: ['pending-drafts', staffId] as const,
    queryFn: () => {
      if (!key.data) throw new Error('no draft key');
      return syncPending(
        {
          create: (draft, k) => createNote(api, toNoteInput(draft), k),
          replace: (id, etag, draft) => replaceNote(api, id, etag, toNoteInput(draft)),
          fetch: (id) => fetchNote(api, id),
        },
        new LocalDrafts(window.localStorage, staffId, key.data),
      );
    },
    enabled: pending && key.data !== undefined,
    staleTime: Infinity,
    retry: false,
  });
}
