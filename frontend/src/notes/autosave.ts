// Autosave of a note draft. Every change is sealed into this device's store at once and sent
// to the API after a pause in typing, one request at a time (ETag / If-Match; the first
// save creates the note under a fixed Idempotency-Key, so a retried create is applied once).
// When the API cannot be reached the draft stays on the device and is sent when it answers
// again; a 412 (someone saved meanwhile) stops saving and shows both versions.
import { ApiProblem } from '../api/problem';
import type { NoteView, Versioned } from '../api/notes';
import type { LocalDrafts } from './localDrafts';
import type { NoteDraft } from './model';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'offline' | 'invalid' | 'conflict' | 'signed';

export interface SaveState {
  status: SaveStatus;
  noteId: string | null;
  etag: string | null;
  /** The API's answer to the last refused save (422), for inline messages. */
  problem: ApiProblem | null;
  /** Someone else's version, when a save met a 412. */
  theirs: NoteView | null;
  /** Whether the latest version is sealed on this device. */
  keptLocally: boolean;
}

export interface Transport {
  create(draft: NoteDraft, idempotencyKey: string): Promise<Versioned>;
  replace(id: string, etag: string, draft: NoteDraft): Promise<Versioned>;
  fetch(id: string): Promise<Versioned>;
}

export interface AutosaveOptions {
  transport: Transport;
  local: LocalDrafts | null;
  slot: string;
  idempotencyKey: string;
  noteId: string | null;
  etag: string | null;
  draft: NoteDraft;
  /** Whether `draft` is newer than what the API holds (restored from the device). */
  unsynced: boolean;
  debounceMs?: number;
  retryMs?: number;
}

export class Autosaver {
  private state: SaveState;
  private draft: NoteDraft;
  private dirty: boolean;
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private localWrite: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private readonly debounceMs: number;
  private readonly retryMs: number;

  constructor(private readonly options: AutosaveOptions) {
    this.draft = options.draft;
    this.dirty = options.unsynced;
    this.debounceMs = options.debounceMs ?? 800;
    this.retryMs = options.retryMs ?? 3000;
    this.state = {
      status: options.unsynced ? 'pending' : options.noteId ? 'saved' : 'idle',
      noteId: options.noteId,
      etag: options.etag,
      problem: null,
      theirs: null,
      keptLocally: options.unsynced,
    };
    if (options.unsynced) this.schedule(0);
  }

  get current(): SaveState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<SaveState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** The editor's latest draft: sealed locally now, sent after the pause. */
  change(draft: NoteDraft): void {
    this.draft = draft;
    this.dirty = true;
    if (this.state.status !== 'conflict') this.set({ status: this.state.status === 'offline' ? 'offline' : 'pending', problem: null });
    this.keepLocally(true);
    if (this.state.status !== 'conflict' && this.state.status !== 'offline') this.schedule(this.debounceMs);
  }

  private keepLocally(unsynced: boolean): void {
    const { local } = this.options;
    if (!local) return;
    const meta = {
      slot: this.options.slot,
      noteId: this.state.noteId,
      etag: this.state.etag,
      idempotencyKey: this.options.idempotencyKey,
      unsynced,
      savedAt: Date.now(),
    };
    const draft = this.draft;
    this.localWrite = this.localWrite
      .then(() => local.write(meta, draft))
      .then(() => this.set({ keptLocally: unsynced }))
      .catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  /** Sends what is pending now; resolves when the API has it (or refused it). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.run();
    await this.localWrite;
  }

  /** The API may be back (the browser's `online` event, or a retry timer). */
  retry(): void {
    if (this.dirty && this.state.status === 'offline') this.schedule(0);
  }

  private async run(): Promise<void> {
    if (this.inFlight) {
      await this.inFlight;
      if (this.dirty) await this.run();
      return;
    }
    if (!this.dirty || this.state.status === 'conflict' || this.state.status === 'signed') return;
    this.inFlight = this.send().finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
  }

  private async send(): Promise<void> {
    const draft = this.draft;
    this.dirty = false;
    this.set({ status: 'saving' });
    const { transport } = this.options;
    try {
      const { noteId, etag } = this.state;
      const saved = noteId && etag ? await transport.replace(noteId, etag, draft) : await transport.create(draft, this.options.idempotencyKey);
      const newer = this.hasNewer();
      this.set({ noteId: saved.note.id, etag: saved.etag, status: newer ? 'pending' : 'saved', problem: null });
      if (newer) this.schedule(this.debounceMs);
      else this.keepLocally(false);
    } catch (error) {
      this.dirty = true;
      await this.failed(error);
    }
  }

  /** Whether the editor changed the draft while a save was on its way. */
  private hasNewer(): boolean {
    return this.dirty;
  }

  private async failed(error: unknown): Promise<void> {
    const problem = error instanceof ApiProblem ? error : null;
    if (!problem || problem.status === 0 || problem.status === 408 || problem.status === 429 || problem.status >= 500) {
      this.set({ status: 'offline' });
      this.schedule(this.retryMs);
      return;
    }
    if (problem.status === 412 && this.state.noteId) {
      try {
        const theirs = await this.options.transport.fetch(this.state.noteId);
        this.set({ status: 'conflict', theirs: theirs.note, etag: theirs.etag });
      } catch {
        this.set({ status: 'offline' });
        this.schedule(this.retryMs);
      }
      return;
    }
    if (problem.status === 409 && this.state.noteId) {
      this.set({ status: 'signed', problem });
      return;
    }
    // A refusal (422 and the like) waits for the next change; the draft stays on the device.
    this.dirty = false;
    this.set({ status: 'invalid', problem });
  }

  /** After a 412: keep this version (sent over theirs, knowingly) or take theirs. */
  resolve(choice: 'mine' | 'theirs', theirsDraft?: NoteDraft): void {
    if (choice === 'theirs' && theirsDraft) {
      this.draft = theirsDraft;
      this.dirty = false;
      this.set({ status: 'saved', theirs: null });
      this.keepLocally(false);
      return;
    }
    this.dirty = true;
    this.set({ status: 'pending', theirs: null });
    this.schedule(0);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }
}
