import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, renderScreen } from '../test/render';
import { EVENT_TYPES, WebhooksSection } from './WebhooksSection';

describe('<WebhooksSection>', () => {
  it('offers every event type by group and asks for the clinical scope only with a clinical one', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<WebhooksSection />, {
      path: '/settings',
      at: '/settings',
      role: 'owner',
      routes: {
        'GET /v1/webhook-endpoints': () => json(200, []),
        'POST /v1/webhook-endpoints': async (request) => {
          const body = (await request.json()) as { url: string; event_types: string[]; clinical: boolean };
          sent.push(body);
          return json(201, {
            endpoint: { id: 'e1', url: body.url, event_types: body.event_types, clinical: body.clinical, enabled: true },
            secret: 'whsec_c2VjcmV0',
          });
        },
      },
    });
    await screen.findByText('No webhooks yet.');
    expect(EVENT_TYPES).toHaveLength(16);
    for (const type of EVENT_TYPES) expect(screen.getByRole('checkbox', { name: type })).toBeInTheDocument();
    const series = screen.getByRole('group', { name: 'Recurring series' });
    await user.click(within(series).getByRole('checkbox', { name: 'series.split' }));
    await user.type(screen.getByRole('textbox', { name: /Receiver URL/ }), 'https://hooks.example.com/in');
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    await screen.findByText(/Signing secret for/);
    expect(sent.at(-1)).toEqual({
      url: 'https://hooks.example.com/in',
      event_types: ['booking.created', 'booking.cancelled', 'series.split'],
      clinical: false,
    });

    const clinical = screen.getByRole('group', { name: 'Clinical (needs the clinical scope)' });
    await user.click(within(clinical).getByRole('checkbox', { name: 'note.amended' }));
    await user.type(screen.getByRole('textbox', { name: /Receiver URL/ }), 'https://notes.example.com/in');
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    await screen.findByText(/notes\.example\.com/);
    expect(sent.at(-1)).toMatchObject({ clinical: true });
  });
});
