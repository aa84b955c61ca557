// Note drafts kept on this device while the API cannot take them. They are clinical data on
// a possibly shared computer, so only ciphertext is stored: AES-GCM under the signed-in
// user's draft key, with the user and slot as additional data (a record moved to another
// user or slot does not open). Records sit under the user's own prefix; another user's
// login neither lists nor opens them, and signing out wipes them.
import type { DraftKey } from '../api/draftKey';

const PREFIX = 'knead.draft.';

/** What is stored in clear: ids and flags, never clinical text. */
export interface DraftMeta {
  slot: string;
  noteId: string | null;
  etag: string | null;
  idempotencyKey: string;
  /** True while the API has not yet taken this version. */
  unsynced: boolean;
  savedAt: number;
}

interface StoredRecord extends DraftMeta {
  keyId: string;
  iv: string;
  data: string;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const encoder = new TextEncoder();

export class LocalDrafts {
  constructor(
    private readonly storage: Storage,
    private readonly staffId: string,
    private readonly key: DraftKey,
    private readonly subtle: SubtleCrypto = crypto.subtle,
  ) {}

  private storageKey(slot: string): string {
    return `${PREFIX}${this.staffId}.${slot}`;
  }

  private aad(slot: string): Uint8Array<ArrayBuffer> {
    return encoder.encode(`${this.staffId}/${slot}`);
  }

  async write(meta: DraftMeta, payload: unknown): Promise<void> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = encoder.encode(JSON.stringify(payload));
    const sealed = await this.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: this.aad(meta.slot) },
      this.key.key,
      plain,
    );
    const record: StoredRecord = { ...meta, keyId: this.key.keyId, iv: toBase64(iv), data: toBase64(new Uint8Array(sealed)) };
    this.storage.setItem(this.storageKey(meta.slot), JSON.stringify(record));
  }

  /** The record in a slot, opened; null when there is none or it does not open with this key. */
  async read(slot: string): Promise<{ meta: DraftMeta; payload: unknown } | null> {
    const record = readRecord(this.storage.getItem(this.storageKey(slot)));
    if (!record) return null;
    try {
      const plain = await this.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(record.iv), additionalData: this.aad(slot) },
        this.key.key,
        fromBase64(record.data),
      );
      return { meta: metaOf(record), payload: JSON.parse(new TextDecoder().decode(plain)) as unknown };
    } catch {
      return null;
    }
  }

  remove(slot: string): void {
    this.storage.removeItem(this.storageKey(slot));
  }

  list(): DraftMeta[] {
    return listDrafts(this.storage, this.staffId);
  }
}

function metaOf(record: StoredRecord): DraftMeta {
  const { slot, noteId, etag, idempotencyKey, unsynced, savedAt } = record;
  return { slot, noteId, etag, idempotencyKey, unsynced, savedAt };
}

function readRecord(raw: string | null): StoredRecord | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredRecord>;
    return typeof value.iv === 'string' && typeof value.data === 'string' && typeof value.slot === 'string'
      ? (value as StoredRecord)
      : null;
  } catch {
    return null;
  }
}

function ownKeys(storage: Storage, staffId: string): string[] {
  const prefix = `${PREFIX}${staffId}.`;
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

/** The user's records, metadata only (no key needed). */
export function listDrafts(storage: Storage, staffId: string): DraftMeta[] {
  return ownKeys(storage, staffId)
    .map((key) => readRecord(storage.getItem(key)))
    .filter((r): r is StoredRecord => r !== null)
    .map(metaOf);
}

/** How many of the user's drafts the API has not yet taken. */
export function unsyncedDrafts(storage: Storage, staffId: string): number {
  return listDrafts(storage, staffId).filter((d) => d.unsynced).length;
}

/** Signing out: every record of the user goes (or, when asked, all but the unsynced). */
export function wipeDrafts(storage: Storage, staffId: string, { keepUnsynced = false } = {}): void {
  for (const key of ownKeys(storage, staffId)) {
    if (keepUnsynced && readRecord(storage.getItem(key))?.unsynced) continue;
    storage.removeItem(key);
  }
}
