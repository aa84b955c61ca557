// Who the booking is for: search the clients by name, email or phone, or add one on the spot.
import { useEffect, useState } from 'react';
import { useClients, useCreateClient } from '../api/clients';
import { TextField } from '../ui/fields';
import { ErrorSummary } from '../ui/ErrorSummary';
import { useProblem } from '../ui/useProblem';

export interface PickedClient {
  id: string;
  name: string;
}

export function ClientPicker({ picked, onPick }: { picked: PickedClient | null; onPick: (c: PickedClient | null) => void }) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const clients = useClients(q, undefined);
  if (picked) {
    return (
      <div className="field">
        <span className="label">Client</span>
        <div className="inline">
          <strong>{picked.name}</strong>
          <button type="button" className="button subtle" onClick={() => onPick(null)}>
            Change client
          </button>
        </div>
      </div>
    );
  }
  if (adding) return <QuickClient onDone={onPick} onCancel={() => setAdding(false)} />;
  const items = q ? (clients.data?.items ?? []) : [];
  return (
    <div className="client-picker">
      <TextField pointer="/client_id" label="Client" type="search" placeholder="Name, email or phone" data-autofocus value={text} onChange={(e) => setText(e.target.value)} />
      {q && clients.isFetching ? <p className="muted">Searching…</p> : null}
      {q && !clients.isFetching && items.length === 0 ? <p className="empty">No clients match “{q}”.</p> : null}
      {items.length ? (
        <ul className="pick-list" aria-label="Matching clients">
          {items.slice(0, 8).map((c) => (
            <li key={c.id}>
              <button type="button" className="button subtle" onClick={() => onPick({ id: c.id, name: `${c.given_name} ${c.family_name}` })}>
                {c.given_name} {c.family_name}
                <span className="muted"> {c.phone ?? c.email ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="link-button" onClick={() => setAdding(true)}>
        New client instead
      </button>
    </div>
  );
}

function QuickClient({ onDone, onCancel }: { onDone: (c: PickedClient) => void; onCancel: () => void }) {
  const [given, setGiven] = useState('');
  const [family, setFamily] = useState('');
  const [phone, setPhone] = useState('');
  const create = useCreateClient();
  const { problem, setProblem, errorFor } = useProblem();
  const save = () => {
    setProblem(null);
    create.mutate(
      { given_name: given, family_name: family, phone: phone || null },
      {
        onSuccess: (c) => onDone({ id: c.id, name: `${c.given_name} ${c.family_name}` }),
        onError: setProblem,
      },
    );
  };
  return (
    <fieldset className="quick-client">
      <legend>New client</legend>
      <ErrorSummary problem={problem} />
      <TextField pointer="/given_name" label="Given name" value={given} error={errorFor('/given_name')} onChange={(e) => setGiven(e.target.value)} />
      <TextField pointer="/family_name" label="Family name" value={family} error={errorFor('/family_name')} onChange={(e) => setFamily(e.target.value)} />
      <TextField pointer="/phone" label="Phone" type="tel" value={phone} error={errorFor('/phone')} onChange={(e) => setPhone(e.target.value)} />
      <div className="inline">
        <button type="button" className="button" disabled={create.isPending} onClick={save}>
          Add client
        </button>
        <button type="button" className="button subtle" onClick={onCancel}>
          Search instead
        </button>
      </div>
    </fieldset>
  );
}
