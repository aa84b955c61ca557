// The written part: Subjective, Objective, Assessment, Plan; home care (kind and details) and
// the next visit in days.
import type { HomeCareKind } from '../api/notes';
import { HOME_CARE_KINDS } from './homeCare';
import type { Vocabulary } from '../api/types';
import { TextArea, TextField } from '../ui/fields';
import type { HomeCareRow, NoteDraft } from './model';

type SoapKey = 'subjective' | 'objective' | 'assessment' | 'plan';

const SOAP: readonly { key: SoapKey; label: string; hint: string }[] = [
  { key: 'subjective', label: 'Subjective', hint: 'What the client reports' },
  { key: 'objective', label: 'Objective', hint: 'What you found' },
  { key: 'assessment', label: 'Assessment', hint: 'Your reading of it' },
  { key: 'plan', label: 'Plan', hint: 'What comes next' },
];


interface Props {
  draft: NoteDraft;
  vocabulary: Vocabulary;
  onChange: (patch: Partial<NoteDraft>) => void;
  errorFor: (pointer: string) => string | undefined;
}

export function SoapSection({ draft, onChange, errorFor }: Props) {
  const care = (i: number, patch: Partial<HomeCareRow>) =>
    onChange({ home_care: draft.home_care.map((h, j) => (j === i ? { ...h, ...patch } : h)) });
  return (
    <>
      <section className="note-soap" aria-labelledby="note-soap-heading">
        <h2 id="note-soap-heading">SOAP</h2>
        <div className="soap-grid">
          {SOAP.map(({ key, label, hint }) => (
            <TextArea key={key} pointer={`/${key}`} label={label} hint={hint} rows={3} value={draft[key]}
              error={errorFor(`/${key}`)} onChange={(e) => onChange({ [key]: e.target.value })} />
          ))}
        </div>
      </section>
      <section className="note-homecare" aria-labelledby="note-homecare-heading">
        <h2 id="note-homecare-heading">Home care</h2>
        <ul className="homecare-rows">
          {draft.home_care.map((h, i) => (
            <li key={i} className="inline">
              <select aria-label={`Home care ${i + 1}`} value={h.kind} onChange={(e) => care(i, { kind: e.target.value as HomeCareKind })}>
                {HOME_CARE_KINDS.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}
              </select>
              <input aria-label={`Details of home care ${i + 1}`} value={h.details} maxLength={500}
                onChange={(e) => care(i, { details: e.target.value })} />
              <button type="button" className="button subtle" aria-label={`Remove home care ${i + 1}`}
                onClick={() => onChange({ home_care: draft.home_care.filter((_, j) => j !== i) })}>Remove</button>
            </li>
          ))}
        </ul>
        <div className="chip-row" role="group" aria-label="Add home care">
          {HOME_CARE_KINDS.map((k) => (
            <button key={k.id} type="button" className="chip" onClick={() => onChange({ home_care: [...draft.home_care, { kind: k.id, details: '' }] })}>
              + {k.label}
            </button>
          ))}
        </div>
        <TextField pointer="/next_visit_in_days" label="Next visit in (days)" type="number" min={1} max={365} inputMode="numeric"
          className="short" value={draft.next_visit_in_days} error={errorFor('/next_visit_in_days')}
          onChange={(e) => onChange({ next_visit_in_days: e.target.value })} />
      </section>
    </>
  );
}
