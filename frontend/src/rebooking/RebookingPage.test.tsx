import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DueClient } from '../api/types';
import { json, renderScreen, tagged } from '../test/render';
import { RebookingPage } from './RebookingPage';

function due(id: string, given: string, status: DueClient['status']): DueClient {
  return {
    client_id: id,
    given_name: given,
    family_name: 'Client',
    phone: '+1 303 555 0100',
    status,
    last_session_on: '2026-11-01',
    due_from: '2026-11-22',
    due_until: '2026-11-29',
    therapist_id: 'maya',
    therapist_name: 'Maya Chen',
    service_id: 'massage',
    slots: [{ starts_at: '2026-12-04T16:00:00Z', ends_at: '2026-12-04T17:00:00Z' }],
  };
}

describe('<RebookingPage>', () => {
  it('lists overdue first, books a slot in one click and drops the row, asking for nothing clinical', async () => {
    let list = [due('jamie', 'Jamie', 'due'), due('morgan', 'Morgan', 'overdue')];
    const booked: unknown[] = [];
    const { requests } = renderScreen(<RebookingPage />, {
      path: '/rebooking',
      at: '/rebooking',
      role: 'front_desk',
      routes: {
        'GET /v1/practice': () => tagged({ time_zone: 'America/Denver' }),
        'GET /v1/rebooking/due': () => json(200, list),
        'POST /v1/bookings': async (request) => {
          booked.push(await request.json());
          list = list.filter((c) => c.client_id !== 'jamie');
          return json(201, { id: 'b1' });
        },
      },
    });
    const headings = await screen.findAllByRole('heading', { level: 2 });
    expect(headings.map((h) => h.textContent)).toEqual(['Overdue (1)', 'Due now (1)']);
    const jamie = screen.getByRole('listitem', { name: /Jamie Client/ });
    expect(within(jamie).getByText(/^Due since /)).toBeInTheDocument();
    await userEvent.click(within(jamie).getByRole('button', { name: /^Book .*, 09:00 for Jamie Client$/ }));
    expect(await screen.findByText(/Booked Jamie Client: .*09:00 with Maya Chen\./)).toBeInTheDocument();
    expect(booked).toEqual([{ client_id: 'jamie', therapist_id: 'maya', service_id: 'massage', starts_at: '2026-12-04T16:00:00Z' }]);
    expect(screen.queryByRole('listitem', { name: /Jamie Client/ })).not.toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: /Morgan Client/ })).toBeInTheDocument();
    const paths = requests.map((r) => new URL(r.url).pathname);
    expect(paths.filter((p) => p.includes('care-plans') || p.endsWith('/flags'))).toEqual([]);
  });
});
