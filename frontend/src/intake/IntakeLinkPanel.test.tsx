import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, renderScreen, type Handler } from '../test/render';
import { IntakeLinkPanel } from './IntakeLinkPanel';

function open(handler: Handler) {
  return renderScreen(<IntakeLinkPanel clientId="c1" archived={false} clinical />, {
    path: '/clients/:id',
    at: '/clients/c1',
    routes: { 'POST /v1/clients/c1/intake-link-emails': handler },
  });
}

describe('<IntakeLinkPanel>', () => {
  it('queues an email with the chosen lifetime and names the address', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    open(async (request) => {
      sent.push(await request.json());
      return json(202, { id: 'm1', status: 'queued', email: 'alex@example.com' });
    });
    await user.selectOptions(screen.getByLabelText('Valid for'), '168');
    await user.click(screen.getByRole('button', { name: 'Email the link to the client' }));
    expect(await screen.findByText('Queued: an intake link will be emailed to alex@example.com.')).toBeInTheDocument();
    expect(sent).toEqual([{ expires_in_hours: 168 }]);
  });

  it('shows why a client cannot be emailed', async () => {
    const user = userEvent.setup();
    open(() =>
      json(409, { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'the client has no email address' }),
    );
    await user.click(screen.getByRole('button', { name: 'Email the link to the client' }));
    expect(await screen.findByText('the client has no email address')).toBeInTheDocument();
  });
});
