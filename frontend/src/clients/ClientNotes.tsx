// A client's session notes as a timeline (clinical roles): signed, draft and amended marks,
// a way into each note and to a new one; the pain trend chart beside it loads lazily.
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { useClientNotes } from '../api/notes';
import type { Vocabulary } from '../api/types';
import { techniqueLabel } from '../notes/techniqueLabel';
import { formatDate } from '../ui/format';
import { Empty, ErrorMessage, Loading } from '../ui/states';

const PainTrendSection = lazy(() => import('../reports/PainTrendSection').then((m) => ({ default: m.PainTrendSection })));

export function ClientNotes({ clientId, vocabulary }: { clientId: string; vocabulary: Vocabulary }) {
  const notes = useClientNotes(clientId, true);
  return (
    <>
      <section className="card wide" aria-labelledby="notes-heading">
        <div className="card-head">
          <h2 id="notes-heading">Session notes</h2>
          <Link className="button primary" to={`/notes/new?client=${clientId}`}>New note</Link>
        </div>
        {notes.isPending ? <Loading what="notes" /> : null}
        {notes.isError ? <ErrorMessage error={notes.error} /> : null}
        {notes.data?.length === 0 ? <Empty>No session notes yet.</Empty> : null}
        <ol className="timeline">
          {notes.data?.map((n) => (
            <li key={n.id}>
              <Link to={`/notes/${n.id}`}>{formatDate(n.session_date)}</Link>
              <span className={`badge ${n.status}`}>{n.status === 'signed' ? 'Signed' : 'Draft'}</span>
              {n.amendments.length ? <span className="badge amended">Amended ({n.amendments.length})</span> : null}
              <span className="muted">
                {n.techniques.map((t) => techniqueLabel(vocabulary, t.technique)).join(', ') || 'No techniques'}
                {n.plan ? ` · Plan: ${n.plan}` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <Suspense fallback={<Loading what="the pain trend" />}>
        <PainTrendSection clientId={clientId} vocabulary={vocabulary} />
      </Suspense>
    </>
  );
}
