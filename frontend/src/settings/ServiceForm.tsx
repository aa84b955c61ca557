// The fields of a service, for adding one or editing one.
import { useState } from 'react';
import { CheckboxGroup, TextArea, TextField } from '../ui/fields';
import { ProblemNotice } from '../ui/ProblemNotice';
import { useProblem } from '../ui/useProblem';

export interface ServiceDraft {
  name: string;
  duration: string;
  price: string;
  buffer: string;
  preparation: string;
  active: boolean;
}

interface Props {
  title: string;
  initial: ServiceDraft;
  save: (draft: ServiceDraft) => Promise<unknown>;
  onDone: () => void;
  onReload?: () => void;
}

export function ServiceForm({ title, initial, save, onDone, onReload }: Props) {
  const [d, setD] = useState(initial);
  const { problem, setProblem, errorFor } = useProblem();
  const field = (key: 'name' | 'duration' | 'price' | 'buffer', pointer: string, label: string, type = 'text') => ({
    pointer: `/service${pointer}`,
    label,
    type,
    value: d[key],
    error: errorFor(pointer),
    onChange: (e: { target: { value: string } }) => setD({ ...d, [key]: e.target.value }),
  });
  return (
    <fieldset className="settings-form">
      <legend>{title}</legend>
      <ProblemNotice problem={problem} onReload={onReload ?? onDone} />
      <TextField {...field('name', '/name', 'Service name')} />
      <div className="field-row">
        <TextField {...field('duration', '/duration_minutes', 'Length (minutes)', 'number')} />
        <TextField {...field('price', '/price_cents', 'Price', 'number')} step="0.01" />
        <TextField {...field('buffer', '/buffer_minutes', 'Buffer after (minutes)', 'number')} />
      </div>
      <TextArea
        pointer="/service/preparation"
        label="Preparation instructions"
        hint="Sent to the client with the booking, e.g. no oil, wear shorts."
        value={d.preparation}
        error={errorFor('/preparation')}
        onChange={(e) => setD({ ...d, preparation: e.target.value })}
      />
      <CheckboxGroup
        pointer="/service/active"
        label="Offered"
        options={[{ id: 'active', label: 'Offered for booking' }]}
        selected={d.active ? ['active'] : []}
        onChange={(next) => setD({ ...d, active: next.length > 0 })}
      />
      <div className="inline">
        <button
          type="button"
          className="button primary"
          onClick={() => {
            setProblem(null);
            save(d).then(onDone, setProblem);
          }}
        >
          Save service
        </button>
        <button type="button" className="button subtle" onClick={onDone}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
