// Drafts left on this device unsynced (the tab was closed while the API was unreachable) are
// sent when the user next opens Knead, without waiting for the editor to be reopened. A
// draft that meets a conflict or a refusal stays on the device for the editor to show.
import { Autosaver, type Transport } from './autosave';
import type { LocalDrafts } from './localDrafts';
import type { NoteDraft } from './model';

export interface SyncResult {
  sent: number;
  left: { slot: string; noteId: string | null }[];
}

export async function syncPending(transport: Transport, local: LocalDrafts): Promise<SyncResult> {
  const result: SyncResult = { sent: 0, left: [] };
  for (const meta of local.list().filter((m) => m.unsynced)) {
    const copy = await local.read(meta.slot);
    if (!copy) continue;
    const saver = new Autosaver({
      transport,
      local,
      slot: meta.slot,
      idempotencyKey: meta.idempotencyKey,
      noteId: meta.noteId,
      etag: meta.etag,
      draft: copy.payload as NoteDraft,
      unsynced: true,
      retryMs: 60_000,
    });
    await saver.flush();
    saver.dispose();
    if (saver.current.status === 'saved') result.sent += 1;
    else result.left.push({ slot: meta.slot, noteId: saver.current.noteId });
  }
  return result;
}
