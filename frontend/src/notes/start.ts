// Where an editor starts: a saved note (and this device's newer copy of it, if any), or a new
// note prefilled from a booking or a client (pain regions of the latest intake and the last
// note, the booking's date and duration). Runs once per opened note.
import { useQuery } from '@tanstack/react-query';
import type { Api } from '../api/client';
import { idempotencyKey } from '../api/client';
import { useApi } from '../api/context';
import { fetchNote, type NoteView } from '../api/notes';
import { unwrap } from '../api/problem';
import type { LocalDrafts } from './localDrafts';
import { emptyDraft, fromNote, prefillPain, type NoteDraft } from './model';

export interface Start {
  slot: string;
  noteId: string | null;
  etag: string | null;
  idempotencyKey: string;
  draft: NoteDraft;
  unsynced: boolean;
  /** The API's version, when this device holds an unsynced copy based on an older one. */
  theirs: NoteView | null;
  /** Set when the note is signed: the editor shows it read-only. */
  signed: NoteView | null;
  /** A saved note already records this booking: open it instead. */
  openInstead: string | null;
}

export interface StartParams {
  id: string;
  bookingId: string | null;
  clientId: string | null;
}

function localDay(instant: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

async function existing(api: Api, local: LocalDrafts | null, id: string): Promise<Start> {
  const server = await fetchNote(api, id);
  const base = { slot: `note-${id}`, noteId: id, etag: server.etag, idempotencyKey: idempotencyKey(), theirs: null, openInstead: null };
  if (server.note.status === 'signed') {
    return { ...base, draft: fromNote(server.note), unsynced: false, signed: server.note };
  }
  const meta = local?.list().find((m) => m.noteId === id);
  const copy = meta && local ? await local.read(meta.slot) : null;
  if (copy?.meta.unsynced) {
    const theirs = copy.meta.etag === server.etag ? null : server.note;
    return { ...base, slot: copy.meta.slot, etag: copy.meta.etag, draft: copy.payload as NoteDraft, unsynced: theirs === null, theirs, signed: null };
  }
  if (copy) return { ...base, slot: copy.meta.slot, draft: fromNote(server.note), unsynced: false, signed: null };
  return { ...base, draft: fromNote(server.note), unsynced: false, signed: null };
}

async function fresh(api: Api, local: LocalDrafts | null, params: StartParams): Promise<Start> {
  const slot = params.bookingId ? `new-booking-${params.bookingId}` : `new-client-${params.clientId ?? ''}-${localDay(new Date())}`;
  const copy = local ? await local.read(slot) : null;
  if (copy) {
    return {
      slot,
      noteId: copy.meta.noteId,
      etag: copy.meta.etag,
      idempotencyKey: copy.meta.idempotencyKey,
      draft: copy.payload as NoteDraft,
      unsynced: copy.meta.unsynced,
      theirs: null,
      signed: null,
      openInstead: null,
    };
  }
  const booking = params.bookingId
    ? unwrap(await api.GET('/v1/bookings/{id}', { params: { path: { id: params.bookingId } } }))
    : null;
  const clientId = booking?.client.id ?? params.clientId ?? '';
  const [notes, intakes] = await Promise.all([
    api.GET('/v1/session-notes', { params: { query: { client_id: clientId, limit: 20 } } }).then(unwrap),
    api.GET('/v1/clients/{id}/intake-forms', { params: { path: { id: clientId } } }).then(unwrap),
  ]);
  const already = booking ? notes.items.find((n) => n.booking_id === booking.id) : undefined;
  const start = booking ? new Date(booking.starts_at) : new Date();
  const duration = booking ? Math.round((Date.parse(booking.ends_at) - start.getTime()) / 60_000) : 60;
  const draft = emptyDraft(clientId, localDay(start), duration, booking?.id ?? null);
  draft.pain = prefillPain(intakes[0]?.pain_areas ?? [], notes.items[0]);
  return {
    slot,
    noteId: null,
    etag: null,
    idempotencyKey: idempotencyKey(),
    draft,
    unsynced: false,
    theirs: null,
    signed: null,
    openInstead: already?.id ?? null,
  };
}

/** Loads the start once; `local` is null when this device cannot keep drafts (no key). */
export function useNoteStart(params: StartParams, local: LocalDrafts | null, ready: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['note-start', params.id, params.bookingId ?? '', params.clientId ?? '', local !== null] as const,
    queryFn: () => (params.id === 'new' ? fresh(api, local, params) : existing(api, local, params.id)),
    enabled: ready,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}
