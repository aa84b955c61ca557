// Webhook endpoints (owner): the list (URL, event types, enabled or why the server disabled
// it, and each one's delivery log), a form to add one (its signing secret shown once, to copy),
// enabling and disabling, and deletion after a confirmation. The section takes the whole row so
// that the delivery log's table has room.
import { useState } from 'react';
import { useCreateWebhookEndpoint, useDeleteWebhookEndpoint, useUpdateWebhookEndpoint, useWebhookEndpoints } from '../api/webhooks';
import type { EventType, WebhookEndpointView, WebhookEndpointWithSecret } from '../api/types';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { Empty, ErrorMessage } from '../ui/states';
import { useProblem } from '../ui/useProblem';
import { WebhookDeliveries } from './WebhookDeliveries';

type Group = 'Bookings' | 'Recurring series' | 'Clients' | 'Staff' | 'Clinical';
// Every event type the API sends, by group: a Record over the generated union, so a type the
// API adds fails the type check until it is placed here.
const GROUP_OF: Record<EventType, Group> = {
  'booking.created': 'Bookings',
  'booking.cancelled': 'Bookings',
  'booking.moved': 'Bookings',
  'booking.updated': 'Bookings',
  'booking.deleted': 'Bookings',
  'series.created': 'Recurring series',
  'series.changed': 'Recurring series',
  'series.ended': 'Recurring series',
  'series.split': 'Recurring series',
  'client.created': 'Clients',
  'client.updated': 'Clients',
  'client.archived': 'Clients',
  'staff.invited': 'Staff',
  'intake.submitted': 'Clinical',
  'note.signed': 'Clinical',
  'note.amended': 'Clinical',
};
const GROUPS: Group[] = ['Bookings', 'Recurring series', 'Clients', 'Staff', 'Clinical'];
export const EVENT_TYPES = Object.keys(GROUP_OF) as EventType[];
const CLINICAL = (type: EventType) => GROUP_OF[type] === 'Clinical';

function NewSecret({ created, onDone }: { created: WebhookEndpointWithSecret; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="api-key-secret" role="status">
      <label className="field">
        <span>Signing secret for {created.endpoint.url}</span>
        <input readOnly value={created.secret} onFocus={(e) => e.target.select()} />
      </label>
      <p className="warning">
        <strong>Copy it now: it is shown this once.</strong> The receiver checks each request’s signature with it.
      </p>
      <div className="field-row">
        <button type="button" className="button" onClick={() => void navigator.clipboard.writeText(created.secret).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy secret'}
        </button>
        <button type="button" className="button subtle" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </div>
  );
}

function EndpointRow({ endpoint }: { endpoint: WebhookEndpointView }) {
  const update = useUpdateWebhookEndpoint();
  const remove = useDeleteWebhookEndpoint();
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="api-key">
      <span>
        <strong className="webhook-url">{endpoint.url}</strong> {endpoint.enabled ? null : <span className="badge">Disabled</span>}
        <br />
        <span className="hint">
          {endpoint.event_types.join(', ')}
          {endpoint.disabled_reason ? ` — ${endpoint.disabled_reason}` : ''}
        </span>
      </span>
      <span className="field-row">
        <button
          type="button"
          className="button subtle"
          aria-label={`${endpoint.enabled ? 'Disable' : 'Enable'} ${endpoint.url}`}
          disabled={update.isPending}
          onClick={() => update.mutate({ id: endpoint.id, body: { enabled: !endpoint.enabled } })}
        >
          {endpoint.enabled ? 'Disable' : 'Enable'}
        </button>
        {confirming ? (
          <>
            <button type="button" className="button danger" disabled={remove.isPending} onClick={() => remove.mutate(endpoint.id)}>
              Delete it now
            </button>
            <button type="button" className="button subtle" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button subtle" aria-label={`Delete ${endpoint.url}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </span>
      {update.error ? <ErrorMessage error={update.error} /> : null}
      {remove.error ? <ErrorMessage error={remove.error} /> : null}
      <WebhookDeliveries endpoint={endpoint} />
    </li>
  );
}

export function WebhooksSection() {
  const endpoints = useWebhookEndpoints();
  const create = useCreateWebhookEndpoint();
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<EventType[]>(['booking.created', 'booking.cancelled']);
  const [created, setCreated] = useState<WebhookEndpointWithSecret | null>(null);
  const { problem, setProblem, errorFor } = useProblem();
  const toggle = (type: EventType, on: boolean) => setTypes((now) => (on ? [...now, type] : now.filter((t) => t !== type)));
  return (
    <section className="card settings-wide" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p className="hint">
        Other software is told at once when something happens (a booking made or cancelled, …): Knead sends a signed HTTPS
        request with the ids, never names or notes.
      </p>
      {endpoints.error ? <ErrorMessage error={endpoints.error} /> : null}
      {endpoints.data?.length === 0 ? <Empty>No webhooks yet.</Empty> : null}
      <ul className="settings-list">
        {(endpoints.data ?? []).map((e) => (
          <EndpointRow key={e.id} endpoint={e} />
        ))}
      </ul>
      {created ? <NewSecret created={created} onDone={() => setCreated(null)} /> : null}
      <ErrorSummary problem={problem} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          const body = { url, event_types: types, clinical: types.some(CLINICAL) };
          create.mutate(body, {
            onSuccess: (made) => {
              setCreated(made);
              setUrl('');
            },
            onError: setProblem,
          });
        }}
      >
        <TextField pointer="/webhook/url" label="Receiver URL" hint="https://…" value={url} error={errorFor('/url')} onChange={(e) => setUrl(e.target.value)} />
        <fieldset className="field">
          <legend>Events</legend>
          <div className="event-groups">
            {GROUPS.map((group) => (
              <fieldset key={group} className="event-group">
                <legend>{group === 'Clinical' ? 'Clinical (needs the clinical scope)' : group}</legend>
                {EVENT_TYPES.filter((type) => GROUP_OF[type] === group).map((type) => (
                  <label key={type}>
                    <input type="checkbox" checked={types.includes(type)} onChange={(e) => toggle(type, e.target.checked)} /> {type}
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
          {errorFor('/event_types') ? <span className="field-error">{errorFor('/event_types')}</span> : null}
        </fieldset>
        <div className="field">
          <button type="submit" className="button" disabled={create.isPending}>
            Add webhook
          </button>
        </div>
      </form>
    </section>
  );
}
