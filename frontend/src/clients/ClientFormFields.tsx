// The fields of a client, shared by the new-client and edit screens; each is keyed by the JSON
// pointer the API names in its validation errors.
import type { Dispatch, SetStateAction } from 'react';
import type { BodyRegion, DistanceUnit, PressurePreference, Surface, UsualDistance, Vocabulary } from '../api/types';
import { termsOf } from '../api/vocabulary';
import { CheckboxGroup, SelectField, TextArea, TextField } from '../ui/fields';
import { fieldId } from '../ui/fieldId';
import type { Draft } from './clientDraft';

interface Props {
  draft: Draft;
  setDraft: Dispatch<SetStateAction<Draft>>;
  errorFor: (pointer: string) => string | undefined;
  vocabulary: Vocabulary;
  /** Areas to avoid and reminder emails are asked when editing; a new client starts without them. */
  withAreas?: boolean;
}

export function ClientFormFields({ draft, setDraft, errorFor, vocabulary: v, withAreas = false }: Props) {
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  type TextKey = 'given_name' | 'family_name' | 'email' | 'phone' | 'date_of_birth' | 'emergency_name' | 'emergency_phone' | 'notes' | 'weekly_value' | 'shoes' | 'goal';
  const text = (key: TextKey, pointer: string, label: string) => ({
    pointer,
    label,
    value: draft[key],
    error: errorFor(pointer),
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });
  return (
    <>
      <div className="grid-2">
        <TextField {...text('given_name', '/given_name', 'Given name')} required autoComplete="off" />
        <TextField {...text('family_name', '/family_name', 'Family name')} required autoComplete="off" />
        <TextField {...text('email', '/email', 'Email')} type="email" autoComplete="off" />
        <TextField {...text('phone', '/phone', 'Phone')} type="tel" autoComplete="off" />
        <TextField {...text('date_of_birth', '/date_of_birth', 'Date of birth')} type="date" />
        <SelectField
          pointer="/pressure_preference"
          label="Pressure preference"
          value={draft.pressure_preference}
          error={errorFor('/pressure_preference')}
          onChange={(e) => set('pressure_preference')(e.target.value as PressurePreference | '')}
        >
          <option value="">Not stated</option>
          {termsOf<PressurePreference>(v.pressure_preferences).map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset>
        <legend>Emergency contact</legend>
        <div className="grid-2">
          <TextField {...text('emergency_name', '/emergency_contact/name', 'Name')} autoComplete="off" />
          <TextField {...text('emergency_phone', '/emergency_contact/phone', 'Phone')} type="tel" autoComplete="off" />
        </div>
      </fieldset>
      <fieldset>
        <legend>Running</legend>
        <div className="grid-2">
          <TextField
            {...text('weekly_value', '/runner_profile/weekly_distance/value', 'Weekly distance')}
            type="number"
            min={0}
            max={500}
            inputMode="decimal"
          />
          <SelectField
            pointer="/runner_profile/weekly_distance/unit"
            label="Unit"
            value={draft.weekly_unit}
            onChange={(e) => set('weekly_unit')(e.target.value as DistanceUnit)}
          >
            {termsOf<DistanceUnit>(v.distance_units).map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </SelectField>
        </div>
        <CheckboxGroup
          pointer="/runner_profile/surfaces"
          label="Surfaces"
          options={termsOf<Surface>(v.surfaces)}
          selected={draft.surfaces}
          error={errorFor('/runner_profile/surfaces')}
          onChange={set('surfaces')}
        />
        <CheckboxGroup
          pointer="/runner_profile/usual_distances"
          label="Usual distances"
          options={termsOf<UsualDistance>(v.usual_distances)}
          selected={draft.usual_distances}
          error={errorFor('/runner_profile/usual_distances')}
          onChange={set('usual_distances')}
        />
        <TextField {...text('shoes', '/runner_profile/shoes', 'Shoes')} />
        <TextField {...text('goal', '/runner_profile/goal', 'Goal')} hint="E.g. sub-3:30 at the spring marathon" />
      </fieldset>
      <TextArea {...text('notes', '/notes', 'Practical notes')} hint="Not clinical: those belong in intake." />
      {withAreas ? (
        <div className="field">
          <label className="check">
            <input
              id={fieldId('/reminders_opt_out')}
              type="checkbox"
              checked={draft.reminders_opt_out}
              aria-describedby="reminders-opt-out-hint"
              onChange={(e) => set('reminders_opt_out')(e.target.checked)}
            />
            No reminder emails
          </label>
          <span className="hint" id="reminders-opt-out-hint">
            The client asked not to be reminded before sessions. Confirmations, changes and cancellations still go.
          </span>
        </div>
      ) : null}
      {withAreas ? (
        <CheckboxGroup
          pointer="/areas_to_avoid"
          label="Areas to avoid"
          options={termsOf<BodyRegion>(v.body_regions)}
          selected={draft.areas_to_avoid}
          error={errorFor('/areas_to_avoid')}
          onChange={set('areas_to_avoid')}
        />
      ) : null}
    </>
  );
}
