// A signed note, read-only, with its amendments under it (author and time), and the form
// that appends one.
import { useState, type SubmitEvent } from 'react';
import { useAmendNote, useNote, type NoteView } from '../api/notes';
import { useStaff } from '../api/staffDirectory';
import type { Vocabulary } from '../api/types';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextArea, TextField } from '../ui/fields';
import { formatDateTime } from '../ui/format';
import { useProblem } from '../ui/useProblem';
import { fromNote } from './model';
import { Summary } from './Summary';
import { summarise } from './summary';

export function SignedNote({ note: signed, vocabulary }: { note: NoteView; vocabulary: Vocabulary }) {
  const live = useNote(signed.id);
  const note = live.data?.note ?? signed;
  const staff = useStaff();
  const nameOf = (id: string) => staff.data?.find((s) => s.id === id)?.display_name ?? 'Staff member';
  return (
    <div className="signed-note">
      <p className="signed-mark" role="status">
        <span className="badge">Signed</span> by {nameOf(note.therapist_id)}
        {note.signed_at ? `, ${formatDateTime(note.signed_at)}` : ''}. This note is read-only.
      </p>
      <Summary lines={summarise(fromNote(note), vocabulary)} />
      <section aria-labelledby="amendments-heading" className="amendments">
        <h2 id="amendments-heading">Amendments</h2>
        {note.amendments.length === 0 ? <p className="empty">No amendments.</p> : null}
        <ol>
          {note.amendments.map((a) => (
            <li key={a.id} className="amendment">
              <p className="muted">
                {nameOf(a.author_id)}, {formatDateTime(a.created_at)} · {a.reason}
              </p>
              <p>{a.body}</p>
            </li>
          ))}
        </ol>
        <AmendForm noteId={note.id} />
      </section>
    </div>
  );
}

function AmendForm({ noteId }: { noteId: string }) {
  const amend = useAmendNote(noteId);
  const [reason, setReason] = useState('');
  const [body, setBody] = useState('');
  const { problem, setProblem, errorFor } = useProblem();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await amend.mutateAsync({ reason: reason.trim(), body: body.trim() });
      setReason('');
      setBody('');
    } catch (error) {
      setProblem(error);
    }
  };
  return (
    <form className="amend-form" onSubmit={submit} noValidate>
      <h3>Add an amendment</h3>
      <ErrorSummary problem={problem} />
      <TextField pointer="/reason" label="Reason" value={reason} maxLength={500} error={errorFor('/reason')} onChange={(e) => setReason(e.target.value)} />
      <TextArea pointer="/body" label="Correction" value={body} error={errorFor('/body')} onChange={(e) => setBody(e.target.value)} />
      <button type="submit" className="button primary" disabled={amend.isPending}>Add amendment</button>
    </form>
  );
}
