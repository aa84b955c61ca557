// The note on one screen: pain and regions on the body map, techniques, SOAP, home care, pain
// after; saved as it is typed, and signed at the end.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useMe } from '../api/auth';
import { useApi } from '../api/context';
import { useSignNote, useTherapistNotes, type NoteView, type Technique } from '../api/notes';
import type { ClientView, Vocabulary } from '../api/types';
import { ConflictPanel } from './ConflictPanel';
import type { LocalDrafts } from './localDrafts';
import { copyFromLast, sameSpot, type NoteDraft } from './model';
import { PainSection, type Spot } from './PainSection';
import { SaveStatusLine } from './SaveStatusLine';
import { SignDialog } from './SignDialog';
import { SoapSection } from './SoapSection';
import type { Start } from './start';
import { TechniqueSection } from './TechniqueSection';
import { rankTechniques, topCombos } from './usage';
import { useAutosaver } from './useAutosaver';

interface Props {
  start: Start;
  local: LocalDrafts | null;
  vocabulary: Vocabulary;
  client: ClientView;
  staffId: string;
  lastNote: NoteView | undefined;
  onCreated: (id: string) => void;
  onSigned: (note: NoteView) => void;
}

export function NoteEditor({ start, local, vocabulary, client, staffId, lastNote, onCreated, onSigned }: Props) {
  const api = useApi();
  const [draft, setDraft] = useState<NoteDraft>(start.draft);
  const [active, setActive] = useState<Spot | null>(null);
  const [signing, setSigning] = useState(false);
  const [signError, setSignError] = useState<string | null>(null);
  const [saver, state] = useAutosaver(start, api, local);
  const mine = useTherapistNotes(staffId);
  const me = useMe();
  const sign = useSignNote(state.noteId ?? '');
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    saver.change(draft);
  }, [draft, saver]);
  useEffect(() => {
    if (state.noteId && state.noteId !== start.noteId) onCreated(state.noteId);
  }, [state.noteId, start.noteId, onCreated]);
  const ranked = useMemo(
    () => rankTechniques(mine.data ?? [], vocabulary.techniques.map((t) => t.id as Technique), me.data?.staff.techniques),
    [mine.data, vocabulary.techniques, me.data],
  );
  const combos = useMemo(() => topCombos(mine.data ?? []), [mine.data]);
  const errorFor = (pointer: string) => state.problem?.messageFor(pointer);
  const patch = (p: Partial<NoteDraft>) => setDraft((d) => ({ ...d, ...p }));
  const pick = (spot: Spot) => {
    setActive(spot);
    setDraft((d) => (d.pain.some((p) => sameSpot(p, spot)) ? d : { ...d, pain: [...d.pain, { ...spot, before: null, after: null }] }));
  };
  const confirmSign = async () => {
    setSignError(null);
    await saver.flush();
    if (saver.current.status !== 'saved' || !saver.current.noteId) {
      setSignError('The note is not saved yet, so it cannot be signed. Check the connection and the marked fields.');
      return;
    }
    try {
      const signed = await sign.mutateAsync();
      local?.remove(start.slot);
      onSigned(signed.note);
    } catch (error) {
      setSignError(error instanceof Error ? error.message : 'Signing failed.');
    }
  };
  return (
    <div className="note-editor">
      <div className="note-bar">
        <SaveStatusLine state={state} />
        <button type="button" className="button primary" onClick={() => setSigning(true)}>Sign…</button>
      </div>
      {state.theirs ? (
        <ConflictPanel mine={draft} theirs={state.theirs} vocabulary={vocabulary}
          onKeepMine={() => saver.resolve('mine')}
          onTakeTheirs={(theirs) => {
            saver.resolve('theirs', theirs);
            first.current = true;
            setDraft(theirs);
          }} />
      ) : null}
      {state.status === 'invalid' && state.problem ? (
        <p className="error-box" role="alert">{state.problem.title}: {state.problem.fieldErrors.map((e) => e.message).join('; ') || state.problem.detail}</p>
      ) : null}
      <PainSection draft={draft} vocabulary={vocabulary} active={active} onPick={pick}
        onChange={(pain) => patch({ pain })} errorFor={errorFor} />
      <TechniqueSection draft={draft} vocabulary={vocabulary} active={active} ranked={ranked} combos={combos}
        pressure={client.pressure_preference ?? 'medium'} onChange={(techniques) => patch({ techniques })}
        onCopyLast={lastNote && lastNote.id !== state.noteId ? () => setDraft((d) => copyFromLast(d, lastNote)) : null}
        errorFor={errorFor} />
      <SoapSection draft={draft} vocabulary={vocabulary} onChange={patch} errorFor={errorFor} />
      {signing ? (
        <SignDialog draft={draft} vocabulary={vocabulary} busy={sign.isPending} error={signError}
          onConfirm={() => void confirmSign()} onCancel={() => { setSigning(false); setSignError(null); }} />
      ) : null}
    </div>
  );
}
