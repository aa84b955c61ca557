import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importDraftKey } from '../api/draftKey';
import type { NoteView } from '../api/notes';
import { ApiProblem } from '../api/problem';
import type { Transport } from './autosave';
import { LocalDrafts } from './localDrafts';
import { emptyDraft } from './model';
import { syncPending } from './syncPending';

const subtle = webcrypto.subtle as SubtleCrypto;
const draft = { ...emptyDraft('c', '2026-12-03', 60, null), subjective: 'typed offline' };

describe('drafts left unsynced on the device', () => {
  it('are sent at the next visit: created under their idempotency key or replaced with their ETag', async () => {
    const local = new LocalDrafts(window.localStorage, 'maya', await importDraftKey(Buffer.alloc(32, 1).toString('base64url'), 'k', subtle), subtle);
    await local.write({ slot: 'new-booking-b1', noteId: null, etag: null, idempotencyKey: 'idem-1', unsynced: true, savedAt: 1 }, draft);
    await local.write({ slot: 'note-n2', noteId: 'n2', etag: '"v3"', idempotencyKey: 'idem-2', unsynced: true, savedAt: 1 }, draft);
    await local.write({ slot: 'note-n3', noteId: 'n3', etag: '"v1"', idempotencyKey: 'idem-3', unsynced: true, savedAt: 1 }, draft);
    await local.write({ slot: 'note-n4', noteId: 'n4', etag: '"v1"', idempotencyKey: 'idem-4', unsynced: false, savedAt: 1 }, draft);
    const calls: string[] = [];
    const saved = (id: string) => ({ note: { id } as NoteView, etag: '"v9"' });
    const transport: Transport = {
      create: (d, key) => (calls.push(`POST ${key} ${d.subjective}`), Promise.resolve(saved('n1'))),
      replace: (id, etag) => {
        calls.push(`PUT ${id} ${etag}`);
        return id === 'n3' ? Promise.reject(new ApiProblem({ type: 'x', title: 'Stale', status: 412 })) : Promise.resolve(saved(id));
      },
      fetch: (id) => Promise.resolve(saved(id)),
    };
    const result = await syncPending(transport, local);
    expect(calls.sort()).toEqual(['POST idem-1 typed offline', 'PUT n2 "v3"', 'PUT n3 "v1"']);
    expect(result).toEqual({ sent: 2, left: [{ slot: 'note-n3', noteId: 'n3' }] });
    const after = Object.fromEntries(local.list().map((m) => [m.slot, m.unsynced]));
    expect(after).toEqual({ 'new-booking-b1': false, 'note-n2': false, 'note-n3': true, 'note-n4': false });
    expect(local.list().find((m) => m.slot === 'new-booking-b1')?.noteId).toBe('n1');
  });
});
