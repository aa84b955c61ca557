// Signing out on a shared computer: this user's local drafts are wiped, after a warning when
// some have not reached Knead yet (they would be lost).
import { listDrafts, unsyncedDrafts, wipeDrafts } from './localDrafts';

export function confirmSignOut(staffId: string | undefined, storage: Storage = window.localStorage, ask = window.confirm.bind(window)): boolean {
  if (!staffId) return true;
  const unsynced = unsyncedDrafts(storage, staffId);
  if (unsynced > 0) {
    const plural = unsynced === 1 ? 'note draft has' : `${unsynced} note drafts have`;
    if (!ask(`${unsynced === 1 ? 'A' : ''} ${plural} not been saved to Knead yet (this device is offline or the server did not answer). Signing out deletes ${unsynced === 1 ? 'it' : 'them'} from this device. Sign out anyway?`.trim())) return false;
  }
  if (listDrafts(storage, staffId).length > 0) wipeDrafts(storage, staffId);
  return true;
}
