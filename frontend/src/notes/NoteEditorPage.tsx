// The note editor's route: `/notes/new?booking=…` (or `?client=…`) starts a note, `/notes/:id`
// opens one. Loads the client, the draft key and where the note starts, then hands over to
// the editor (a draft) or the read-only view (signed).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useClient, useClinicalAlerts } from '../api/clients';
import { useTokens } from '../api/context';
import { useDraftKey } from '../api/draftKey';
import { noteKeys, useClientNotes, type NoteView } from '../api/notes';
import { useVocabulary } from '../api/vocabulary';
import { AlertsBanner } from '../clients/AlertsBanner';
import { formatDate } from '../ui/format';
import { ErrorMessage, Loading } from '../ui/states';
import { useTitle } from '../ui/useTitle';
import { LocalDrafts } from './localDrafts';
import { NoteEditor } from './NoteEditor';
import { SignedNote } from './SignedNote';
import { useNoteStart } from './start';
import './notes.css';

export function NoteEditorPage() {
  const { id = 'new' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const tokens = useTokens();
  const created = useRef<string | null>(null);
  // The editor stays as it is when its own new note gets its address (/notes/new → /notes/:id).
  const wanted = { id, bookingId: search.get('booking'), clientId: search.get('client') };
  const [params, setParams] = useState(wanted);
  if (id !== params.id && id !== created.current) setParams(wanted);
  const [signed, setSigned] = useState<NoteView | null>(null);
  const vocabulary = useVocabulary();
  const key = useDraftKey(true);
  const staffId = tokens?.staffId ?? '';
  const local = useMemo(() => (key.data ? new LocalDrafts(window.localStorage, staffId, key.data) : null), [key.data, staffId]);
  const start = useNoteStart(params, local, !key.isPending);
  const clientId = start.data?.draft.client_id ?? '';
  const client = useClient(clientId).data?.data;
  const alerts = useClinicalAlerts(clientId, (client?.alerts.length ?? 0) > 0);
  const notes = useClientNotes(clientId, clientId !== '');
  const onCreated = useCallback(
    (noteId: string) => {
      created.current = noteId;
      // Today and the client's timeline now have a note for this booking.
      void queryClient.invalidateQueries({ queryKey: ['notes-by'] });
      void queryClient.invalidateQueries({ queryKey: noteKeys.ofClient(clientId) });
      void navigate(`/notes/${noteId}`, { replace: true });
    },
    [navigate, queryClient, clientId],
  );
  const name = client ? `${client.given_name} ${client.family_name}` : '';
  useTitle(name ? `Note · ${name}` : 'Session note');

  if (start.data?.openInstead) return <Navigate to={`/notes/${start.data.openInstead}`} replace />;
  if (start.isError) return <div className="page"><ErrorMessage error={start.error} /></div>;
  if (vocabulary.isError) return <div className="page"><ErrorMessage error={vocabulary.error} /></div>;
  if (!start.data || !vocabulary.data || !client || (notes.isPending && clientId)) {
    return <div className="page"><Loading what="the note" /></div>;
  }
  const s = start.data;
  const shown = signed ?? s.signed;
  const lastNote = notes.data?.find((n) => n.id !== s.noteId && n.id !== created.current);
  return (
    <div className="page note-page">
      <p className="breadcrumb"><Link to={`/clients/${client.id}`}>{name}</Link></p>
      <div className="page-head">
        <h1>Session note · {name}</h1>
        <p className="muted">{formatDate(s.draft.session_date)} · {s.draft.duration_minutes} min{s.draft.booking_id ? ' · from the booking' : ''}</p>
      </div>
      <AlertsBanner alerts={client.alerts} clinical={alerts.data} />
      {key.isError ? (
        <p className="notice-line">This device cannot keep drafts right now: they are saved to Knead only.</p>
      ) : null}
      {shown ? (
        <SignedNote note={shown} vocabulary={vocabulary.data} />
      ) : (
        <NoteEditor start={s} local={local} vocabulary={vocabulary.data} client={client} staffId={staffId}
          lastNote={lastNote} onCreated={onCreated} onSigned={setSigned} />
      )}
    </div>
  );
}
