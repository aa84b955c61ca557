// A new client: names, contact, emergency contact, preferences and the runner profile.
import { useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { useCreateClient } from '../api/clients';
import type { DistanceUnit, NewClient, PressurePreference, Surface, UsualDistance } from '../api/types';
import { termsOf, useVocabulary } from '../api/vocabulary';
import { ErrorSummary } from '../ui/ErrorSummary';
import { CheckboxGroup, SelectField, TextArea, TextField } from '../ui/fields';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';
import { useTitle } from '../ui/useTitle';

interface Draft {
  given_name: string;
  family_name: string;
  email: string;
  phone: string;
  date_of_birth: string;
  emergency_name: string;
  emergency_phone: string;
  pressure_preference: PressurePreference | '';
  notes: string;
  weekly_value: string;
  weekly_unit: DistanceUnit;
  surfaces: Surface[];
  usual_distances: UsualDistance[];
  shoes: string;
  goal: string;
}

const EMPTY: Draft = {
  given_name: '',
  family_name: '',
  email: '',
  phone: '',
  date_of_birth: '',
  emergency_name: '',
  emergency_phone: '',
  pressure_preference: '',
  notes: '',
  weekly_value: '',
  weekly_unit: 'km',
  surfaces: [],
  usual_distances: [],
  shoes: '',
  goal: '',
};

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

export function toNewClient(d: Draft): NewClient {
  const runner =
    d.weekly_value || d.surfaces.length || d.usual_distances.length || d.shoes.trim() || d.goal.trim();
  return {
    given_name: d.given_name.trim(),
    family_name: d.family_name.trim(),
    email: orNull(d.email),
    phone: orNull(d.phone),
    date_of_birth: orNull(d.date_of_birth),
    emergency_contact:
      d.emergency_name.trim() || d.emergency_phone.trim()
        ? { name: orNull(d.emergency_name), phone: orNull(d.emergency_phone) }
        : null,
    pressure_preference: d.pressure_preference || null,
    notes: orNull(d.notes),
    runner_profile: runner
      ? {
          weekly_distance: d.weekly_value ? { value: Number(d.weekly_value), unit: d.weekly_unit } : null,
          surfaces: d.surfaces,
          usual_distances: d.usual_distances,
          shoes: orNull(d.shoes),
          goal: orNull(d.goal),
        }
      : null,
  };
}

export function NewClientPage() {
  useTitle('New client');
  const vocabulary = useVocabulary();
  const create = useCreateClient();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { problem, setProblem, errorFor } = useProblem();

  if (vocabulary.isPending) return <Loading what="the form" />;
  if (vocabulary.isError) return <ErrorMessage error={vocabulary.error} />;
  const v = vocabulary.data;

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  type TextKey = 'given_name' | 'family_name' | 'email' | 'phone' | 'date_of_birth' | 'emergency_name' | 'emergency_phone' | 'notes' | 'weekly_value' | 'shoes' | 'goal';
  const text = (key: TextKey, pointer: string, label: string) => ({
    pointer,
    label,
    value: draft[key],
    error: errorFor(pointer),
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    create.mutate(toNewClient(draft), {
      onSuccess: (client) => void navigate(`/clients/${client.id}`),
      onError: setProblem,
    });
  };

  return (
    <div className="page narrow">
      <h1>New client</h1>
      <form onSubmit={submit} noValidate>
        <ErrorSummary problem={problem} />
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
        <div className="actions">
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : 'Save client'}
          </button>
        </div>
      </form>
    </div>
  );
}
