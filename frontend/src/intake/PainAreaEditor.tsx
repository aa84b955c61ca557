// One pain area: side, intensity (0–10, shown as number and word), qualities, what makes
// it worse, onset and notes. Errors are looked up by the area's JSON pointer.
import { forwardRef } from 'react';
import type {
  AggravatingFactor,
  PainQuality,
  RegionTerm,
  Side,
  Vocabulary,
} from '../api/types';
import { termsOf } from '../api/vocabulary';
import { UNMARKED_FILL, intensityBand } from '../bodymap/intensity';
import { RatingScale } from '../bodymap/RatingScale';
import { areaName, lowerFirst } from '../bodymap/model';
import { CheckboxGroup, SelectField, TextArea, TextField } from '../ui/fields';
import { fieldId } from '../ui/fieldId';
import type { PainAreaDraft } from './draft';

interface Props {
  index: number;
  area: PainAreaDraft;
  vocabulary: Vocabulary;
  errorFor: (pointer: string) => string | undefined;
  onChange: (next: PainAreaDraft) => void;
  onRemove: () => void;
}

export const PainAreaEditor = forwardRef<HTMLFieldSetElement, Props>(function PainAreaEditor(
  { index, area, vocabulary, errorFor, onChange, onRemove },
  ref,
) {
  const at = `/pain_areas/${index}`;
  const term: RegionTerm | undefined = vocabulary.body_regions.find((r) => r.id === area.region);
  const label = term?.label ?? area.region;
  const sides = termsOf<Side>(vocabulary.sides).filter((s) => term?.sides.includes(s.id) ?? true);
  const intensityId = fieldId(`${at}/intensity`);
  const intensityError = errorFor(`${at}/intensity`);
  return (
    <fieldset className="pain-area" ref={ref} tabIndex={-1} data-region={area.region} data-side={area.side}>
      <legend>
        <span className="swatch" style={{ background: area.intensity === null ? UNMARKED_FILL : intensityBand(area.intensity).fill }} aria-hidden="true" />
        {areaName(label, area.side)}
      </legend>
      <div className="pain-area-grid">
        <SelectField
          pointer={`${at}/side`}
          label="Side"
          value={area.side}
          error={errorFor(`${at}/side`)}
          onChange={(e) => onChange({ ...area, side: e.target.value as Side })}
        >
          {sides.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </SelectField>
      </div>
      <RatingScale
        id={intensityId}
        label="Intensity"
        value={area.intensity}
        error={intensityError}
        onChange={(intensity) => onChange({ ...area, intensity })}
      />
      <CheckboxGroup
        pointer={`${at}/qualities`}
        label="How it feels"
        options={termsOf<PainQuality>(vocabulary.pain_qualities)}
        selected={area.qualities ?? []}
        error={errorFor(`${at}/qualities`)}
        onChange={(qualities) => onChange({ ...area, qualities })}
      />
      <CheckboxGroup
        pointer={`${at}/aggravating`}
        label="Worse with"
        options={termsOf<AggravatingFactor>(vocabulary.aggravating_factors)}
        selected={area.aggravating ?? []}
        error={errorFor(`${at}/aggravating`)}
        onChange={(aggravating) => onChange({ ...area, aggravating })}
      />
      <div className="pain-area-grid">
        <TextField
          pointer={`${at}/onset`}
          label="Since (about)"
          type="date"
          value={area.onset ?? ''}
          error={errorFor(`${at}/onset`)}
          onChange={(e) => onChange({ ...area, onset: e.target.value || null })}
        />
        <TextArea
          pointer={`${at}/notes`}
          label="Notes"
          rows={2}
          value={area.notes ?? ''}
          error={errorFor(`${at}/notes`)}
          onChange={(e) => onChange({ ...area, notes: e.target.value })}
        />
      </div>
      <button type="button" className="button subtle" onClick={onRemove}>
        Remove {lowerFirst(areaName(label, area.side))}
      </button>
    </fieldset>
  );
});
