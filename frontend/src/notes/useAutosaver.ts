// The editor's autosaver: one per opened note, retried when the browser comes back online,
// flushed when the editor closes.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Api } from '../api/client';
import { createNote, fetchNote, replaceNote } from '../api/notes';
import { Autosaver, type SaveState } from './autosave';
import type { LocalDrafts } from './localDrafts';
import { toNoteInput } from './model';
import type { Start } from './start';

export function useAutosaver(start: Start, api: Api, local: LocalDrafts | null): [Autosaver, SaveState] {
  const [saver] = useState(
    () =>
      new Autosaver({
        transport: {
          create: (draft, key) => createNote(api, toNoteInput(draft), key),
          replace: (id, etag, draft) => replaceNote(api, id, etag, toNoteInput(draft)),
          fetch: (id) => fetchNote(api, id),
        },
        local,
        slot: start.slot,
        idempotencyKey: start.idempotencyKey,
        noteId: start.noteId,
        etag: start.etag,
        draft: start.draft,
        unsynced: start.unsynced,
      }),
  );
  const state = useSyncExternalStore(
    (onChange) => saver.subscribe(onChange),
    () => saver.current,
  );
  useEffect(() => {
    const online = () => saver.retry();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      void saver.flush();
    };
  }, [saver]);
  return [saver, state];
}
