// Signing asks once more, with the whole note in a few lines: a signed note never changes.
import { useEffect, useRef } from 'react';
import type { Vocabulary } from '../api/types';
import type { NoteDraft } from './model';
import { Summary } from './Summary';
import { summarise, unfinished } from './summary';

interface Props {
  draft: NoteDraft;
  vocabulary: Vocabulary;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

export function SignDialog({ draft, vocabulary, busy, error, onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const missing = unfinished(draft, vocabulary);
  return (
    <dialog ref={dialog} className="sign-dialog" aria-labelledby="sign-heading" onCancel={onCancel}>
      <h2 id="sign-heading">Sign this note?</h2>
      <p>Once signed it cannot be edited; corrections are added as amendments.</p>
      <Summary lines={summarise(draft, vocabulary)} />
      {missing.length ? (
        <ul className="error-box" role="alert">
          {missing.map((m) => <li key={m}>{m}</li>)}
        </ul>
      ) : null}
      {error ? <p className="error-box" role="alert">{error}</p> : null}
      <div className="actions">
        <button type="button" className="button primary" disabled={busy || missing.length > 0} onClick={onConfirm}>
          {busy ? 'Signing…' : 'Sign note'}
        </button>
        <button type="button" className="button subtle" onClick={onCancel}>Keep editing</button>
      </div>
    </dialog>
  );
}
