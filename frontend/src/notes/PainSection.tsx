// Pain before and after, per region: the body map adds a region (tap), each region is rated
// 0–10 before the session and after it. The region last tapped gets the technique chips.
import type { BodyRegion, Side, Vocabulary } from '../api/types';
import { labelOf } from '../api/vocabulary';
import { BodyMap } from '../bodymap/BodyMap';
import { areaName } from '../bodymap/model';
import { painPointer, sameSpot, type NoteDraft, type PainRow } from './model';
import { RatingScale } from '../bodymap/RatingScale';

export interface Spot {
  region: BodyRegion;
  side: Side;
}

interface Props {
  draft: NoteDraft;
  vocabulary: Vocabulary;
  active: Spot | null;
  onPick: (spot: Spot) => void;
  onChange: (pain: PainRow[]) => void;
  errorFor: (pointer: string) => string | undefined;
}

export function PainSection({ draft, vocabulary, active, onPick, onChange, errorFor }: Props) {
  const rated = draft.pain
    .filter((p) => p.before !== null)
    .map((p) => ({ region: p.region, side: p.side, intensity: p.before ?? 0 }));
  const update = (index: number, patch: Partial<PainRow>) =>
    onChange(draft.pain.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  return (
    <section className="note-pain" aria-labelledby="note-pain-heading">
      <h2 id="note-pain-heading">Pain and regions</h2>
      <p className="hint">Tap a region to rate it and add techniques there. Sides are the client&apos;s.</p>
      <div className="note-pain-layout">
        <BodyMap
          regions={vocabulary.body_regions}
          views={vocabulary.body_views}
          painAreas={rated}
          onPick={(region, side) => onPick({ region, side })}
          label="Body map: pick a region"
          selected={active}
        />
        <ul className="pain-rows">
          {draft.pain.length === 0 ? <li className="empty">No regions yet: tap the body map.</li> : null}
          {draft.pain.map((row, index) => {
            const name = areaName(labelOf(vocabulary.body_regions, row.region), row.side);
            const at = painPointer(draft, index);
            return (
              <li key={`${row.region}-${row.side}`} className={active && sameSpot(active, row) ? 'active' : undefined}>
                <fieldset className="pain-row" data-region={row.region} data-side={row.side}>
                  <legend>{name}</legend>
                  <RatingScale label="Before" value={row.before} onChange={(before) => update(index, { before })}
                    error={at ? errorFor(`${at}/before`) ?? errorFor(at) : undefined} />
                  <RatingScale label="After" value={row.after} onChange={(after) => update(index, { after })}
                    error={at ? errorFor(`${at}/after`) : undefined} />
                  <div className="inline">
                    <button type="button" className="button subtle" onClick={() => onPick(row)}>
                      Techniques on {name.toLowerCase()}
                    </button>
                    <button type="button" className="button subtle" onClick={() => onChange(draft.pain.filter((_, i) => i !== index))}>
                      Remove {name.toLowerCase()}
                    </button>
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
