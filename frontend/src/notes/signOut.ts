// Signing out on a shared computer: this user's local drafts are wiped. Asked for (the Sign
// out button), it first warns when some have not reached Knead yet, as they would be lost.
// Automatic logoff has nobody to ask: it wipes what Knead already holds and keeps only the
// unsynced ciphertext, which opens for nobody but this user after their next sign-in.
import { listDrafts, unsyncedDrafts, wipeDrafts } from './localDrafts';

export function confirmSignOut(
  staffId: string | undefined,
  { automatic = false, storage = window.localStorage, ask = (q: string) => window.confirm(q) }: {
    automatic?: boolean;
    storage?: Storage;
    ask?: (question: string) => boolean;
  } = {},
): boolean {
  if (!staffId) return true;
  if (automatic) {
    wipeDrafts(storage, staffId, { keepUnsynced: true });
    return true;
  }
  const unsynced = unsyncedDrafts(storage, staffId);
  if (unsynced > 0) {
    const what = unsynced === 1 ? 'A note draft has' : `${unsynced} note drafts have`;
    const question = `${what} not been saved to Knead yet (the server could not be reached). Signing out deletes ${unsynced === 1 ? 'it' : 'them'} from this device. Sign out anyway?`;
    if (!ask(question)) return false;
  }
  if (listDrafts(storage, staffId).length > 0) wipeDrafts(storage, staffId);
  return true;
}
