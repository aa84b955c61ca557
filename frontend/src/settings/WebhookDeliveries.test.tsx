import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WebhookDeliveryView, WebhookEndpointView } from '../api/types';
import { json, renderScreen } from '../test/render';
import { WebhookDeliveries } from './WebhookDeliveries';

const endpoint: WebhookEndpointView = {
  id: 'e1',
  url: 'https://hooks.example.com/in',
  event_types: ['client.created'],
  clinical: false,
  enabled: true,
  created_at: '2026-11-20T09:00:00Z',
  updated_at: '2026-11-20T09:00:00Z',
};

const failed: WebhookDeliveryView = {
  id: 'd2',
  event_id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  event_type: 'client.created',
  attempt: 2,
  status: 'failed',
  due_at: '2026-11-20T10:01:00Z',
  attempted_at: '2026-11-20T10:01:02Z',
  response_status: 500,
  error: 'answered 500',
};

const delivered: WebhookDeliveryView = {
  id: 'd1',
  event_id: '0190a1b2-c3d4-7e5f-8a9b-00000000beef',
  event_type: 'booking.created',
  attempt: 1,
  status: 'delivered',
  due_at: '2026-11-20T10:00:00Z',
  attempted_at: '2026-11-20T10:00:01Z',
  response_status: 204,
};

const queued: WebhookDeliveryView = {
  ...failed,
  id: 'd3',
  attempt: 1,
  status: 'pending',
  due_at: '2099-01-01T00:00:00Z',
  attempted_at: null,
  response_status: null,
  error: null,
};

function renderLog(routes: Parameters<typeof renderScreen>[1]['routes']) {
  return renderScreen(<WebhookDeliveries endpoint={endpoint} />, { path: '/settings', at: '/settings', role: 'owner', routes });
}

describe('<WebhookDeliveries>', () => {
  it('shows the attempts when opened and sends a failed one again', async () => {
    const user = userEvent.setup();
    let log = [failed, delivered];
    const redelivered: string[] = [];
    const { requests } = renderLog({
      'GET /v1/webhook-endpoints/e1/deliveries': () => json(200, log),
      'POST /v1/webhook-endpoints/deliveries/d2/redeliver': (request) => {
        redelivered.push(request.url);
        log = [queued, ...log];
        return json(202, queued);
      },
    });
    const toggle = screen.getByRole('button', { name: 'Deliveries to https://hooks.example.com/in' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(requests).toHaveLength(0);
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');

    const table = await screen.findByRole('table', { name: 'Delivery attempts, newest first' });
    const [failedRow, deliveredRow] = within(table).getAllByRole('row').slice(1);
    if (!failedRow || !deliveredRow) throw new Error('two rows expected');
    expect(failedRow).toHaveTextContent('client.created');
    expect(failedRow).toHaveTextContent('…2e3f4a5b');
    expect(within(failedRow).getByText(`event ${failed.event_id}`)).toBeInTheDocument();
    expect(failedRow).toHaveTextContent(/Failed\s*HTTP 500/);
    expect(deliveredRow).toHaveTextContent(/Delivered\s*HTTP 204/);
    expect(within(deliveredRow).getByRole('button', { name: /^Send again/ })).toBeInTheDocument();

    await user.click(within(failedRow).getByRole('button', { name: 'Send again (client.created, attempt 2)' }));
    expect(await screen.findByText(/Queued again/)).toBeInTheDocument();
    expect(redelivered).toHaveLength(1);
    const pendingRow = await within(table).findByText('Pending');
    const row = pendingRow.closest('tr');
    if (!row) throw new Error('a row expected');
    expect(row).toHaveTextContent(/^due /);
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(4);
  });

  it('says why an attempt without an answer failed', async () => {
    const user = userEvent.setup();
    const unreachable = { ...failed, response_status: null, error: 'cannot resolve hooks.example.com' };
    renderLog({ 'GET /v1/webhook-endpoints/e1/deliveries': () => json(200, [unreachable]) });
    await user.click(screen.getByRole('button', { name: /^Deliveries/ }));
    expect(await screen.findByRole('row', { name: /Failed cannot resolve hooks\.example\.com/ })).toBeInTheDocument();
  });

  it('says when nothing was delivered yet', async () => {
    const user = userEvent.setup();
    renderLog({ 'GET /v1/webhook-endpoints/e1/deliveries': () => json(200, []) });
    await user.click(screen.getByRole('button', { name: /^Deliveries/ }));
    expect(await screen.findByText('No deliveries yet.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a refused read as an error', async () => {
    const user = userEvent.setup();
    renderLog({
      'GET /v1/webhook-endpoints/e1/deliveries': () =>
        json(403, { type: '/problems/forbidden', title: 'Your role may not do this', status: 403 }),
    });
    await user.click(screen.getByRole('button', { name: /^Deliveries/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your role may not do this');
  });
});
