// A save met a 412: the note was saved elsewhere meanwhile. Both versions side by side; the
// therapist chooses, nothing is overwritten without that choice.
import type { NoteView } from '../api/notes';
import type { Vocabulary } from '../api/types';
import { fromNote, type NoteDraft } from './model';
import { Summary } from './Summary';
import { summarise } from './summary';

interface Props {
  mine: NoteDraft;
  theirs: NoteView;
  vocabulary: Vocabulary;
  onKeepMine: () => void;
  onTakeTheirs: (draft: NoteDraft) => void;
}

export function ConflictPanel({ mine, theirs, vocabulary, onKeepMine, onTakeTheirs }: Props) {
  const other = fromNote(theirs);
  return (
    <section className="conflict card" role="alert" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading">This note was changed elsewhere</h2>
      <p>It was saved from another tab or device after you opened it. Compare and choose which version to keep.</p>
      <div className="conflict-grid">
        <div>
          <h3>This screen</h3>
          <Summary lines={summarise(mine, vocabulary)} />
          <button type="button" className="button primary" onClick={onKeepMine}>Keep this version</button>
        </div>
        <div>
          <h3>Saved elsewhere, {new Date(theirs.updated_at).toLocaleTimeString()}</h3>
          <Summary lines={summarise(other, vocabulary)} />
          <button type="button" className="button" onClick={() => onTakeTheirs(other)}>Use the saved version</button>
        </div>
      </div>
    </section>
  );
}
