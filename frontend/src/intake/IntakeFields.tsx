// The intake form's fields, shared by the therapist's screen and the client's own link:
// complaint, pain areas (picked on the body map or from a list), health questions, the
// contraindication checklist and consent.
import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { BodyRegion, RegionTerm, Side, Vocabulary } from '../api/types';
import { BodyMap } from '../bodymap/BodyMap';
import { TextArea } from '../ui/fields';
import { ConsentFields } from './ConsentFields';
import { ContraindicationChecklist } from './ContraindicationChecklist';
import { defaultSide, pickArea, ratedAreas, type IntakeDraft, type PainAreaDraft, type TextKey } from './draft';
import { PainAreaEditor } from './PainAreaEditor';
import { RegionPicker } from './RegionPicker';

interface Props {
  draft: IntakeDraft;
  setDraft: Dispatch<SetStateAction<IntakeDraft>>;
  vocabulary: Vocabulary;
  consentText: string;
  errorFor: (pointer: string) => string | undefined;
  audience: 'staff' | 'client';
}

const QUESTIONS: Record<'staff' | 'client', Record<TextKey, string>> = {
  staff: {
    chief_complaint: 'Chief complaint',
    conditions: 'Diagnosed conditions',
    medical_history: 'Medical history',
    medications: 'Medications',
    goals: 'Goals',
  },
  client: {
    chief_complaint: 'What brings you in?',
    conditions: 'Any diagnosed conditions?',
    medical_history: 'Injuries, surgeries or other medical history',
    medications: 'Medications you take',
    goals: 'What would you like to get out of treatment?',
  },
};

export function IntakeFields({ draft, setDraft, vocabulary, consentText, errorFor, audience }: Props) {
  const editors = useRef(new Map<number, HTMLFieldSetElement>());
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const words = QUESTIONS[audience];

  // Focus moves to the editor of the area just picked, so its intensity is the next thing set.
  useEffect(() => {
    if (focusIndex === null) return;
    const editor = editors.current.get(focusIndex);
    editor?.scrollIntoView({ block: 'nearest' });
    editor?.querySelector<HTMLInputElement>('input[type="radio"]:checked, input[type="radio"]')?.focus({ preventScroll: true });
    setFocusIndex(null);
  }, [focusIndex]);

  const pick = (region: BodyRegion, side: Side) => {
    const next = pickArea(draft.pain_areas, region, side);
    setDraft((d) => ({ ...d, pain_areas: next.areas }));
    setFocusIndex(next.index);
  };
  const addFromList = (term: RegionTerm) => pick(term.id, defaultSide(term));
  const updateArea = (index: number, area: PainAreaDraft) =>
    setDraft((d) => ({ ...d, pain_areas: d.pain_areas.map((a, i) => (i === index ? area : a)) }));
  const removeArea = (index: number) =>
    setDraft((d) => ({ ...d, pain_areas: d.pain_areas.filter((_, i) => i !== index) }));
  const text = (key: TextKey) => ({
    pointer: `/${key}`,
    label: words[key],
    value: draft[key],
    error: errorFor(`/${key}`),
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });

  return (
    <>
      <TextArea {...text('chief_complaint')} />
      <section className="pain-areas" aria-labelledby="pain-areas-heading">
        <h2 id="pain-areas-heading">Where does it hurt?</h2>
        <p className="hint">
          {audience === 'client' ? 'Tap' : 'Click'} a region to add it, then set how much it hurts.
          Sides are the {audience === 'client' ? "body's own" : "client's"}: L and R mark them on each view.
        </p>
        <div className="intake-map-layout">
          <div>
            <BodyMap
              regions={vocabulary.body_regions}
              views={vocabulary.body_views}
              painAreas={ratedAreas(draft.pain_areas)}
              onPick={pick}
              label="Body map: pick a region"
            />
            <RegionPicker regions={vocabulary.body_regions} views={vocabulary.body_views} onAdd={addFromList} />
          </div>
          <div className="pain-area-list">
            {draft.pain_areas.length === 0 ? (
              <p className="empty">No pain areas yet.</p>
            ) : (
              draft.pain_areas.map((area, index) => (
                <PainAreaEditor
                  key={`${area.region}-${index}`}
                  ref={(el) => {
                    if (el) editors.current.set(index, el);
                    else editors.current.delete(index);
                  }}
                  index={index}
                  area={area}
                  vocabulary={vocabulary}
                  errorFor={errorFor}
                  onChange={(next) => updateArea(index, next)}
                  onRemove={() => removeArea(index)}
                />
              ))
            )}
          </div>
        </div>
      </section>
      <section aria-labelledby="health-heading">
        <h2 id="health-heading">Health</h2>
        <ContraindicationChecklist
          terms={vocabulary.contraindications}
          selected={draft.contraindications}
          error={errorFor('/contraindications')}
          onChange={(contraindications) => setDraft((d) => ({ ...d, contraindications }))}
          legend={audience === 'client' ? 'Do any of these apply to you?' : 'Contraindications'}
        />
        <TextArea {...text('conditions')} />
        <TextArea {...text('medical_history')} />
        <TextArea {...text('medications')} />
        <TextArea {...text('goals')} />
      </section>
      <ConsentFields
        text={consentText}
        signerName={draft.signer_name}
        agreed={draft.agreed}
        errorFor={errorFor}
        onSignerName={(signer_name) => setDraft((d) => ({ ...d, signer_name }))}
        onAgreed={(agreed) => setDraft((d) => ({ ...d, agreed }))}
      />
    </>
  );
}
