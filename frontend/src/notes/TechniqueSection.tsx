// Techniques × regions × minutes × pressure. One tap adds a technique on the region picked on
// the map (the therapist's most used first) or a whole combination they use often; minutes
// left are counted against the session's duration.
import type { Technique } from '../api/notes';
import type { PressurePreference, Vocabulary } from '../api/types';
import { labelOf, termsOf } from '../api/vocabulary';
import { areaName } from '../bodymap/model';
import { techniqueLabel } from './techniqueLabel';
import { minutesUsed, type NoteDraft, type TechniqueRow } from './model';
import type { Spot } from './PainSection';
import type { Combo } from './usage';

interface Props {
  draft: NoteDraft;
  vocabulary: Vocabulary;
  active: Spot | null;
  ranked: readonly Technique[];
  combos: readonly Combo[];
  pressure: PressurePreference;
  onChange: (techniques: TechniqueRow[]) => void;
  onCopyLast: (() => void) | null;
  errorFor: (pointer: string) => string | undefined;
}

export function TechniqueSection({ draft, vocabulary, active, ranked, combos, pressure, onChange, onCopyLast, errorFor }: Props) {
  const left = draft.duration_minutes - minutesUsed(draft);
  const place = (s: { region: string; side: string }) =>
    areaName(labelOf(vocabulary.body_regions, s.region), s.side as Spot['side']);
  const add = (row: TechniqueRow) => onChange([...draft.techniques, row]);
  const update = (i: number, patch: Partial<TechniqueRow>) =>
    onChange(draft.techniques.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  const defaultMinutes = Math.max(1, Math.min(10, left));
  const listError = errorFor('/techniques');
  return (
    <section className="note-techniques" aria-labelledby="note-techniques-heading">
      <div className="card-head">
        <h2 id="note-techniques-heading">Techniques</h2>
        <p className={`minutes-left${left < 0 ? ' over' : ''}`} aria-live="polite">
          {left >= 0 ? `${left} of ${draft.duration_minutes} min left` : `${-left} min over the ${draft.duration_minutes}-min session`}
        </p>
      </div>
      {listError ? <p className="field-error" id="field-techniques">{listError}</p> : null}
      {active ? (
        <div className="chip-row" role="group" aria-label={`Add a technique on ${place(active).toLowerCase()}`}>
          <span className="chip-label">On {place(active).toLowerCase()}:</span>
          {ranked.slice(0, 6).map((t) => (
            <button key={t} type="button" className="chip"
              onClick={() => add({ technique: t, regions: [{ region: active.region, side: active.side }], minutes: defaultMinutes, pressure })}>
              + {techniqueLabel(vocabulary, t)}
            </button>
          ))}
        </div>
      ) : (
        <p className="hint">Tap a region on the body map to add techniques there.</p>
      )}
      {combos.length > 0 || onCopyLast ? (
        <div className="chip-row" role="group" aria-label="Your usual combinations">
          {combos.map((c) => (
            <button key={`${c.technique}-${c.region}-${c.side}-${c.minutes}`} type="button" className="chip"
              onClick={() => add({ technique: c.technique, regions: [{ region: c.region, side: c.side }], minutes: c.minutes, pressure: c.pressure })}>
              + {techniqueLabel(vocabulary, c.technique)} · {place(c).toLowerCase()} · {c.minutes} min
            </button>
          ))}
          {onCopyLast ? (
            <button type="button" className="chip" onClick={onCopyLast}>Copy from last session</button>
          ) : null}
        </div>
      ) : null}
      <ol className="technique-rows">
        {draft.techniques.map((t, i) => (
          <li key={i} className="technique-row">
            <select aria-label={`Technique ${i + 1}`} value={t.technique} onChange={(e) => update(i, { technique: e.target.value as Technique })}>
              {ranked.map((id) => <option key={id} value={id}>{techniqueLabel(vocabulary, id)}</option>)}
            </select>
            <span className="technique-place">{t.regions.map((r) => place(r)).join(', ')}</span>
            <label className="minutes">
              <input type="number" min={1} max={600} value={t.minutes} aria-invalid={errorFor(`/techniques/${i}/minutes`) ? true : undefined}
                onChange={(e) => update(i, { minutes: Math.max(0, Number(e.target.value) || 0) })} />
              <span>min</span>
              <span className="visually-hidden"> for technique {i + 1}</span>
            </label>
            <select aria-label={`Pressure for technique ${i + 1}`} value={t.pressure} onChange={(e) => update(i, { pressure: e.target.value as PressurePreference })}>
              {termsOf<PressurePreference>(vocabulary.pressure_preferences).map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
            </select>
            <button type="button" className="button subtle" aria-label={`Remove technique ${i + 1}`} onClick={() => onChange(draft.techniques.filter((_, j) => j !== i))}>
              Remove
            </button>
            {errorFor(`/techniques/${i}/minutes`) ? <span className="field-error">{errorFor(`/techniques/${i}/minutes`)}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
