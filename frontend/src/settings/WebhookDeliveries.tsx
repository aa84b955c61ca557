// An endpoint's delivery log (owner), behind a disclosure button in its row: the latest
// attempts, newest first, each with when it was made (or is due), the event, the attempt's
// number and the outcome; an attempt made (delivered or failed) can be sent again.
import { useState } from 'react';
import { useRedeliverWebhook, useWebhookDeliveries } from '../api/webhooks';
import type { WebhookDeliveryView, WebhookEndpointView } from '../api/types';
import { formatDateTime } from '../ui/format';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import '../reports/charts.css';

function When({ delivery }: { delivery: WebhookDeliveryView }) {
  if (delivery.attempted_at) return <time dateTime={delivery.attempted_at}>{formatDateTime(delivery.attempted_at)}</time>;
  return (
    <>
      due <time dateTime={delivery.due_at}>{formatDateTime(delivery.due_at)}</time>
    </>
  );
}

function Result({ delivery }: { delivery: WebhookDeliveryView }) {
  const http = delivery.response_status != null ? `HTTP ${delivery.response_status}` : null;
  if (delivery.status === 'delivered') {
    return (
      <>
        <span className="badge delivery-delivered">Delivered</span> {http}
      </>
    );
  }
  if (delivery.status === 'failed') {
    return (
      <>
        <span className="badge delivery-failed">Failed</span> <span className="delivery-why">{http ?? delivery.error}</span>
      </>
    );
  }
  return <span className="badge delivery-pending">Pending</span>;
}

function DeliveryTable({ endpoint, deliveries }: { endpoint: WebhookEndpointView; deliveries: readonly WebhookDeliveryView[] }) {
  const redeliver = useRedeliverWebhook(endpoint.id);
  return (
    <>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`Deliveries to ${endpoint.url} (scrolls sideways)`}>
        <table className="data-table deliveries-table">
          <caption>Delivery attempts, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Attempt</th>
              <th scope="col">Result</th>
              <th scope="col">
                <span className="visually-hidden">Again</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id} data-status={d.status}>
                <td>
                  <When delivery={d} />
                </td>
                <td>
                  <code>{d.event_type}</code>{' '}
                  <span className="hint" title={d.event_id} aria-hidden="true">
                    …{d.event_id.slice(-8)}
                  </span>
                  <span className="visually-hidden">event {d.event_id}</span>
                </td>
                <td>{d.attempt}</td>
                <td>
                  <Result delivery={d} />
                </td>
                <td>
                  {d.status === 'pending' ? null : (
                    <button
                      type="button"
                      className="button subtle"
                      disabled={redeliver.isPending}
                      onClick={() => redeliver.mutate(d.id)}
                    >
                      Send again<span className="visually-hidden"> ({d.event_type}, attempt {d.attempt})</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div role="status">{redeliver.isSuccess ? <p className="notice-line">Queued again: it goes out within seconds.</p> : null}</div>
      {redeliver.error ? <ErrorMessage error={redeliver.error} /> : null}
    </>
  );
}

export function WebhookDeliveries({ endpoint }: { endpoint: WebhookEndpointView }) {
  const [open, setOpen] = useState(false);
  const deliveries = useWebhookDeliveries(endpoint.id, open);
  const panel = `deliveries-${endpoint.id}`;
  return (
    <div className="webhook-deliveries">
      <button
        type="button"
        className="button subtle"
        aria-expanded={open}
        aria-controls={open ? panel : undefined}
        onClick={() => setOpen((now) => !now)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Deliveries<span className="visually-hidden"> to {endpoint.url}</span>
      </button>
      {open ? (
        <div id={panel}>
          {deliveries.isPending ? <Loading what="deliveries" /> : null}
          {deliveries.error ? <ErrorMessage error={deliveries.error} /> : null}
          {deliveries.data?.length === 0 ? <Empty>No deliveries yet.</Empty> : null}
          {deliveries.data?.length ? <DeliveryTable endpoint={endpoint} deliveries={deliveries.data} /> : null}
        </div>
      ) : null}
    </div>
  );
}
