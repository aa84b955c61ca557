import { describe, expect, it } from 'vitest';
import type { NoteView, Versioned } from '../api/notes';
import { ApiProblem } from '../api/problem';
import { Autosaver, type Transport } from './autosave';
import { emptyDraft, type NoteDraft } from './model';

const base = emptyDraft('client', '2026-12-03', 60, null);

function note(draft: NoteDraft, id = 'n1'): NoteView {
  return { ...draft, id, therapist_id: 't', techniques: [], pain: [], home_care: [], status: 'draft', amendments: [], created_at: '', updated_at: '', subjective: draft.subjective, next_visit_in_days: null };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fakeApi() {
  const calls: string[] = [];
  let down = false;
  let version = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const answer = async (draft: NoteDraft): Promise<Versioned> => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await wait(5);
    inFlight -= 1;
    if (down) throw new ApiProblem({ type: 'about:blank', title: 'Cannot reach Knead', status: 0 });
    version += 1;
    return { note: note(draft), etag: `"v${version}"` };
  };
  const transport: Transport = {
    create: (draft, key) => (calls.push(`POST ${key} ${draft.subjective}`), answer(draft)),
    replace: (id, etag, draft) => (calls.push(`PUT ${id} ${etag} ${draft.subjective}`), answer(draft)),
    fetch: () => Promise.resolve({ note: note({ ...base, subjective: 'theirs' }), etag: '"v9"' }),
  };
  return { transport, calls, setDown: (d: boolean) => (down = d), maxInFlight: () => maxInFlight };
}

function saver(transport: Transport) {
  return new Autosaver({ transport, local: null, slot: 's', idempotencyKey: 'idem', noteId: null, etag: null, draft: base, unsynced: false, debounceMs: 10, retryMs: 20 });
}

describe('autosave', () => {
  it('creates once, then replaces with the last ETag, one request at a time', async () => {
    const api = fakeApi();
    const s = saver(api.transport);
    s.change({ ...base, subjective: 'a' });
    await wait(30);
    for (const text of ['ab', 'abc', 'abcd']) {
      s.change({ ...base, subjective: text });
      await wait(3);
    }
    await s.flush();
    await wait(30);
    expect(api.calls[0]).toBe('POST idem a');
    expect(api.calls.at(-1)).toMatch(/^PUT n1 "v\d" abcd$/);
    expect(api.maxInFlight()).toBe(1);
    expect(s.current.status).toBe('saved');
  });

  it('goes offline when the API is unreachable and sends the draft when it is back', async () => {
    const api = fakeApi();
    const s = saver(api.transport);
    s.change({ ...base, subjective: 'a' });
    await s.flush();
    api.setDown(true);
    s.change({ ...base, subjective: 'offline text' });
    await s.flush();
    expect(s.current.status).toBe('offline');
    api.setDown(false);
    await wait(60);
    expect(s.current.status).toBe('saved');
    expect(api.calls.at(-1)).toBe('PUT n1 "v1" offline text');
  });

  it('stops on a 412 and holds their version until the therapist chooses', async () => {
    const transport: Transport = {
      create: () => Promise.reject(new Error('unused')),
      replace: () => Promise.reject(new ApiProblem({ type: '/problems/stale', title: 'Stale', status: 412 })),
      fetch: () => Promise.resolve({ note: note({ ...base, subjective: 'theirs' }), etag: '"v9"' }),
    };
    const s = new Autosaver({ transport, local: null, slot: 's', idempotencyKey: 'k', noteId: 'n1', etag: '"v1"', draft: base, unsynced: false, debounceMs: 5 });
    s.change({ ...base, subjective: 'mine' });
    await s.flush();
    expect(s.current.status).toBe('conflict');
    expect(s.current.theirs?.subjective).toBe('theirs');
    expect(s.current.etag).toBe('"v9"');
  });

  it('shows a 422 and waits for the next change instead of retrying', async () => {
    let calls = 0;
    const problem = new ApiProblem({ type: '/problems/validation', title: 'Invalid', status: 422, errors: [{ pointer: '/techniques', message: 'too many minutes' }] });
    const transport: Transport = {
      create: () => (calls++, Promise.reject(problem)),
      replace: () => Promise.reject(problem),
      fetch: () => Promise.reject(problem),
    };
    const s = saver(transport);
    s.change({ ...base, subjective: 'x' });
    await s.flush();
    await wait(40);
    expect(calls).toBe(1);
    expect(s.current.status).toBe('invalid');
    expect(s.current.problem?.messageFor('/techniques')).toBe('too many minutes');
  });
});
