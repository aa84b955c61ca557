// Treatment rooms (owner): add, rename, take out of use.
import { useState } from 'react';
import { useCreateRoom, useRooms, useUpdateRoom } from '../api/catalog';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { ErrorMessage, Loading } from '../ui/states';
import { useProblem } from '../ui/useProblem';

export function RoomsSection() {
  const rooms = useRooms();
  const create = useCreateRoom();
  const update = useUpdateRoom();
  const [name, setName] = useState('');
  const { problem, setProblem, errorFor } = useProblem();
  return (
    <section className="card" aria-labelledby="rooms-heading">
      <h2 id="rooms-heading">Rooms</h2>
      {rooms.isPending ? <Loading what="rooms" /> : null}
      {rooms.isError ? <ErrorMessage error={rooms.error} /> : null}
      <ErrorSummary problem={problem} />
      <ul className="settings-list">
        {(rooms.data ?? []).map((r) => (
          <li key={r.id}>
            <span>
              <strong>{r.name}</strong>
              {r.active ? '' : ' · not in use'}
            </span>
            <button
              type="button"
              className="button subtle"
              onClick={() => update.mutate({ id: r.id, body: { active: !r.active } }, { onError: setProblem })}
            >
              {r.active ? `Take ${r.name} out of use` : `Use ${r.name} again`}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          create.mutate({ name }, { onSuccess: () => setName(''), onError: setProblem });
        }}
      >
        <TextField pointer="/room/name" label="New room" value={name} error={errorFor('/name')} onChange={(e) => setName(e.target.value)} />
        <div className="field">
          <button type="submit" className="button" disabled={create.isPending}>
            Add room
          </button>
        </div>
      </form>
    </section>
  );
}
