// A client's races: add, edit and remove (races are plans, so they may be deleted).
import { useState } from 'react';
import { useRaces, useRaceWrites } from '../api/clients';
import type { RaceInput, RacePriority, RaceView, Vocabulary } from '../api/types';
import { labelOf, termsOf } from '../api/vocabulary';
import { ErrorSummary } from '../ui/ErrorSummary';
import { SelectField, TextField } from '../ui/fields';
import { formatDate, formatDistance } from '../ui/format';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';

export function RacesEditor({ clientId, vocabulary }: { clientId: string; vocabulary: Vocabulary }) {
  const races = useRaces(clientId);
  const writes = useRaceWrites(clientId);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      <h3>Races</h3>
      {races.isPending ? <Loading what="races" /> : null}
      {races.isError ? <ErrorMessage error={races.error} /> : null}
      {races.data?.length === 0 ? <Empty>No races planned.</Empty> : null}
      <ul className="races">
        {(races.data ?? []).map((race) =>
          editing === race.id ? (
            <li key={race.id}>
              <RaceForm
                race={race}
                vocabulary={vocabulary}
                save={(body) => writes.edit.mutateAsync({ id: race.id, body })}
                onDone={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={race.id}>
              <span className={`badge priority-${race.priority}`}>{labelOf(vocabulary.race_priorities, race.priority)}</span>{' '}
              <strong>{race.name}</strong> · {formatDate(race.date)} · {formatDistance(race.distance_meters)}{' '}
              <button type="button" className="button subtle" onClick={() => setEditing(race.id)} aria-label={`Edit ${race.name}`}>
                Edit
              </button>{' '}
              <button type="button" className="button subtle" onClick={() => writes.remove.mutate(race.id)} aria-label={`Remove ${race.name}`}>
                Remove
              </button>
            </li>
          ),
        )}
      </ul>
      {editing === 'new' ? (
        <RaceForm vocabulary={vocabulary} save={(body) => writes.add.mutateAsync(body)} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          Add race
        </button>
      )}
    </>
  );
}

interface FormProps {
  race?: RaceView;
  vocabulary: Vocabulary;
  save: (body: RaceInput) => Promise<unknown>;
  onDone: () => void;
}

function RaceForm({ race, vocabulary, save, onDone }: FormProps) {
  const [name, setName] = useState(race?.name ?? '');
  const [date, setDate] = useState(race?.date ?? '');
  const [km, setKm] = useState(race ? String(race.distance_meters / 1000) : '');
  const [priority, setPriority] = useState<RacePriority>(race?.priority ?? 'b');
  const { problem, setProblem, errorFor } = useProblem();
  const submit = () => {
    setProblem(null);
    save({ name, date, distance_meters: Math.round(Number(km) * 1000), priority }).then(onDone, setProblem);
  };
  return (
    <fieldset className="race-form">
      <legend>{race ? `Edit ${race.name}` : 'New race'}</legend>
      <ErrorSummary problem={problem} />
      <TextField pointer="/race/name" label="Race name" value={name} error={errorFor('/name')} onChange={(e) => setName(e.target.value)} />
      <div className="field-row">
        <TextField pointer="/race/date" label="Race day" type="date" value={date} error={errorFor('/date')} onChange={(e) => setDate(e.target.value)} />
        <TextField pointer="/race/distance_meters" label="Distance (km)" type="number" step="0.1" value={km} error={errorFor('/distance_meters')} onChange={(e) => setKm(e.target.value)} />
        <SelectField pointer="/race/priority" label="Priority" value={priority} onChange={(e) => setPriority(e.target.value as RacePriority)}>
          {termsOf<RacePriority>(vocabulary.race_priorities).map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="inline">
        <button type="button" className="button primary" onClick={submit}>
          Save race
        </button>
        <button type="button" className="button subtle" onClick={onDone}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
