// Session notes (clinical): a client's or a therapist's notes, one note with its ETag, the
// writes the editor's autosave makes (create, replace), signing and amendments.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Api } from './client';
import { clientKeys } from './clients';
import { useApi } from './context';
import { unwrap } from './problem';
import type { components } from './schema';

type S = components['schemas'];
export type NoteView = S['NoteView'];
export type NoteInput = S['NoteInput'];
export type TechniqueApplied = S['TechniqueApplied'];
export type PainChange = S['PainChange'];
export type HomeCare = S['HomeCare'];
export type HomeCareKind = S['HomeCareKind'];
export type Technique = S['Technique'];
export type AmendmentView = S['AmendmentView'];
export type AmendmentInput = S['AmendmentInput'];

export const noteKeys = {
  note: (id: string) => ['note', id] as const,
  ofClient: (clientId: string) => [...clientKeys.client(clientId), 'notes'] as const,
  ofTherapist: (therapistId: string) => ['notes-by', therapistId] as const,
  ofDay: (therapistId: string, day: string) => ['notes-by', therapistId, day] as const,
};

/** A note and the ETag to send back as If-Match. */
export interface Versioned {
  note: NoteView;
  etag: string;
}

function versioned(result: { data?: NoteView; error?: unknown; response: Response }): Versioned {
  const note = unwrap(result);
  return { note, etag: result.response.headers.get('ETag') ?? '*' };
}

export async function fetchNote(api: Api, id: string): Promise<Versioned> {
  return versioned(await api.GET('/v1/session-notes/{id}', { params: { path: { id } } }));
}

export async function createNote(api: Api, body: NoteInput, key: string): Promise<Versioned> {
  return versioned(
    await api.POST('/v1/session-notes', { body, params: { header: { 'Idempotency-Key': key } } }),
  );
}

export async function replaceNote(api: Api, id: string, etag: string, body: NoteInput): Promise<Versioned> {
  return versioned(
    await api.PUT('/v1/session-notes/{id}', { body, params: { path: { id }, header: { 'If-Match': etag } } }),
  );
}

export function useNote(id: string, enabled = true) {
  const api = useApi();
  return useQuery({ queryKey: noteKeys.note(id), queryFn: () => fetchNote(api, id), enabled: enabled && id !== '' });
}

/** Clinical: a client's notes, newest session first (one page of 100). */
export function useClientNotes(clientId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: noteKeys.ofClient(clientId),
    queryFn: async () =>
      unwrap(await api.GET('/v1/session-notes', { params: { query: { client_id: clientId, limit: 100 } } })).items,
    enabled: enabled && clientId !== '',
  });
}

/** A therapist's recent notes: what they use most comes first in the editor. */
export function useTherapistNotes(therapistId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: noteKeys.ofTherapist(therapistId ?? ''),
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/session-notes', { params: { query: { therapist_id: therapistId ?? '', limit: 200 } } }),
      ).items,
    enabled: therapistId !== undefined,
    staleTime: 5 * 60_000,
  });
}

/** A therapist's notes of one day (`YYYY-MM-DD`), to find the note of each booking. */
export function useDayNotes(therapistId: string | undefined, day: string, next: string) {
  const api = useApi();
  return useQuery({
    queryKey: noteKeys.ofDay(therapistId ?? '', day),
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/session-notes', {
          params: { query: { therapist_id: therapistId ?? '', from: day, to: next, limit: 200 } },
        }),
      ).items,
    enabled: therapistId !== undefined,
  });
}

export function useSignNote(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      versioned(await api.POST('/v1/session-notes/{id}/sign', { params: { path: { id } } })),
    onSuccess: (signed) => {
      queryClient.setQueryData(noteKeys.note(id), signed);
      void queryClient.invalidateQueries({ queryKey: clientKeys.client(signed.note.client_id) });
      void queryClient.invalidateQueries({ queryKey: ['notes-by'] });
    },
  });
}

export function useAmendNote(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: AmendmentInput) =>
      unwrap(await api.POST('/v1/session-notes/{id}/amendments', { body, params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: noteKeys.note(id) }),
  });
}

