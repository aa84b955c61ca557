// Services (owner): length, price, buffer after, preparation instructions, offered or not.
import { useState } from 'react';
import { useCreateService, useService, useServicesList, useUpdateService } from '../api/catalog';
import type { ServiceView } from '../api/types';
import { ErrorMessage, Loading } from '../ui/states';
import { ServiceForm, type ServiceDraft } from './ServiceForm';

const money = (cents: number) => (cents / 100).toFixed(2);

export function ServicesSection() {
  const services = useServicesList(true);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="services-heading">
      <h2 id="services-heading">Services</h2>
      {services.isPending ? <Loading what="services" /> : null}
      {services.isError ? <ErrorMessage error={services.error} /> : null}
      <ul className="settings-list">
        {(services.data ?? []).map((s) =>
          editing === s.id ? (
            <li key={s.id}>
              <EditService id={s.id} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={s.id}>
              <span>
                <strong>{s.name}</strong> · {s.duration_minutes} min · {money(s.price_cents)} · buffer {s.buffer_minutes} min
                {s.active ? '' : ' · not offered'}
                {s.preparation ? <span className="hint">Preparation: {s.preparation}</span> : null}
              </span>
              <button type="button" className="button subtle" aria-label={`Edit ${s.name}`} onClick={() => setEditing(s.id)}>
                Edit
              </button>
            </li>
          ),
        )}
      </ul>
      {editing === 'new' ? <NewService onDone={() => setEditing(null)} /> : (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          Add service
        </button>
      )}
    </section>
  );
}

function toDraft(s?: ServiceView): ServiceDraft {
  return {
    name: s?.name ?? '',
    duration: String(s?.duration_minutes ?? 60),
    price: s ? money(s.price_cents) : '',
    buffer: String(s?.buffer_minutes ?? 0),
    preparation: s?.preparation ?? '',
    active: s?.active ?? true,
  };
}

function toBody(d: ServiceDraft) {
  return {
    name: d.name,
    duration_minutes: Number(d.duration),
    price_cents: Math.round(Number(d.price) * 100),
    buffer_minutes: Number(d.buffer),
    preparation: d.preparation.trim() || null,
    active: d.active,
  };
}

function NewService({ onDone }: { onDone: () => void }) {
  const create = useCreateService();
  return <ServiceForm title="New service" initial={toDraft()} save={(d) => create.mutateAsync(toBody(d))} onDone={onDone} />;
}

function EditService({ id, onDone }: { id: string; onDone: () => void }) {
  const service = useService(id);
  const update = useUpdateService();
  if (service.isPending) return <Loading what="the service" />;
  if (service.isError) return <ErrorMessage error={service.error} />;
  const { data, etag } = service.data;
  return (
    <ServiceForm
      key={etag}
      title={`Edit ${data.name}`}
      initial={toDraft(data)}
      save={(d) => update.mutateAsync({ id, etag, body: toBody(d) })}
      onDone={onDone}
      onReload={() => void service.refetch()}
    />
  );
}
