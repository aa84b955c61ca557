import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importDraftKey } from '../api/draftKey';
import { LocalDrafts, listDrafts, unsyncedDrafts, wipeDrafts } from './localDrafts';
import { confirmSignOut } from './signOut';

const subtle = webcrypto.subtle as SubtleCrypto;
// Fixed keys, as the API would hand them out (base64url of 32 bytes).
const MAYA_KEY = Buffer.alloc(32, 7).toString('base64url');
const JORDAN_KEY = Buffer.alloc(32, 9).toString('base64url');
const SOAP = 'Left heel sore on first steps';

async function drafts(staffId: string, key: string) {
  return new LocalDrafts(window.localStorage, staffId, await importDraftKey(key, `k-${staffId}`, subtle), subtle);
}

const meta = (slot: string, unsynced = true) => ({ slot, noteId: null, etag: null, idempotencyKey: 'idem', unsynced, savedAt: 1 });

describe('local note drafts', () => {
  it('stores only ciphertext, and opens again with the same user key', async () => {
    const maya = await drafts('maya', MAYA_KEY);
    await maya.write(meta('new-booking-1'), { subjective: SOAP });
    const raw = Object.keys(window.localStorage).map((k) => `${k}=${window.localStorage.getItem(k) ?? ''}`).join('\n');
    expect(raw).not.toContain('heel');
    expect(raw).toContain('knead.draft.maya.new-booking-1');
    // A new sign-in of the same user gets the same key from the API: the draft opens.
    const again = await drafts('maya', MAYA_KEY);
    expect((await again.read('new-booking-1'))?.payload).toEqual({ subjective: SOAP });
  });

  it('does not open for another user, nor when moved to another user or slot', async () => {
    const maya = await drafts('maya', MAYA_KEY);
    await maya.write(meta('s1'), { subjective: SOAP });
    const jordan = await drafts('jordan', JORDAN_KEY);
    expect(jordan.list()).toEqual([]);
    const stolen = window.localStorage.getItem('knead.draft.maya.s1') ?? '';
    window.localStorage.setItem('knead.draft.jordan.s1', stolen);
    expect(await jordan.read('s1')).toBeNull();
    // Even with Maya's key, the record answers only under its own user and slot.
    const withMayasKey = await drafts('jordan', MAYA_KEY);
    expect(await withMayasKey.read('s1')).toBeNull();
    window.localStorage.setItem('knead.draft.maya.s2', stolen.replace('"slot":"s1"', '"slot":"s2"'));
    expect(await maya.read('s2')).toBeNull();
  });

  it('refuses a key that is not 32 bytes, and the imported key cannot be exported', async () => {
    await expect(importDraftKey(Buffer.alloc(16).toString('base64url'), 'k', subtle)).rejects.toThrow('32 bytes');
    const { key } = await importDraftKey(MAYA_KEY, 'k', subtle);
    expect(key.extractable).toBe(false);
    await expect(subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('counts unsynced drafts and wipes only its own user at sign-out, after a warning', async () => {
    const maya = await drafts('maya', MAYA_KEY);
    await maya.write(meta('a', true), { subjective: SOAP });
    await maya.write(meta('b', false), { subjective: SOAP });
    const jordan = await drafts('jordan', JORDAN_KEY);
    await jordan.write(meta('c', true), { subjective: SOAP });
    expect(unsyncedDrafts(window.localStorage, 'maya')).toBe(1);
    const asked: string[] = [];
    expect(confirmSignOut('maya', { automatic: true })).toBe(true);
    expect(listDrafts(window.localStorage, 'maya').map((d) => d.slot)).toEqual(['a']);
    await maya.write(meta('b', false), { subjective: SOAP });
    expect(confirmSignOut('maya', { ask: (q) => (asked.push(q), false) })).toBe(false);
    expect(asked[0]).toContain('not been saved');
    expect(listDrafts(window.localStorage, 'maya')).toHaveLength(2);
    expect(confirmSignOut('maya', { ask: () => true })).toBe(true);
    expect(listDrafts(window.localStorage, 'maya')).toEqual([]);
    expect(listDrafts(window.localStorage, 'jordan')).toHaveLength(1);
    wipeDrafts(window.localStorage, 'jordan');
    expect(window.localStorage.length).toBe(0);
  });
});
