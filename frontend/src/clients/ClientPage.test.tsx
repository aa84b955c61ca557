import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { client, intakeForm, vocabulary } from '../test/fixtures';
import { json, tagged, renderScreen, type Handler } from '../test/render';
import { ClientPage } from './ClientPage';

const forbidden = () => json(403, { type: '/problems/forbidden', title: 'Forbidden', status: 403 });

function routes(): Record<string, Handler> {
  return {
    'GET /v1/vocabulary': () => json(200, vocabulary),
    [`GET /v1/clients/${client.id}`]: () => tagged(client),
    [`GET /v1/clients/${client.id}/races`]: () =>
      json(200, [
        {
          id: 'r1',
          client_id: client.id,
          name: 'CIM',
          date: '2026-12-06',
          distance_meters: 42195,
          priority: 'a',
          created_at: '2026-10-01T10:00:00Z',
          updated_at: '2026-10-01T10:00:00Z',
        },
      ]),
    [`GET /v1/clients/${client.id}/alerts`]: () =>
      json(200, [{ condition: 'anticoagulants', label: 'Anticoagulants', severity: 'caution', handling: 'No deep pressure' }]),
    [`GET /v1/clients/${client.id}/intake-forms`]: () => json(200, [intakeForm]),
    [`GET /v1/clients/${client.id}/care-plans`]: () => json(200, []),
    [`GET /v1/clients/${client.id}/flags`]: () =>
      json(200, {
        about: 'Practice aids, not diagnoses.',
        trends: [{ region: 'knee', side: 'left', sessions: 3, first: 3, last: 7, change: 4, slope_per_week: 1 }],
        flags: [{ kind: 'rising_pain', region: 'knee', side: 'left', scores: [3, 5, 7], message: 'Pain in the left knee rose (3 → 5 → 7).' }],
        no_improvement_after: 4,
      }),
    'GET /v1/services': () => json(200, []),
    'GET /v1/staff': () => json(200, { items: [], next_cursor: null }),
  };
}

describe('<ClientPage>', () => {
  it('shows a therapist the alerts with their conditions, the latest pain areas and the intake history', async () => {
    renderScreen(<ClientPage />, { path: '/clients/:id', at: `/clients/${client.id}`, role: 'therapist', routes: routes() });
    expect(await screen.findByRole('heading', { name: 'Alex Rivera' })).toBeInTheDocument();
    expect(await screen.findByText('Anticoagulants:')).toBeInTheDocument();
    expect(screen.getByText('No deep pressure')).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: /2 pain areas \(front view\)/ })).toBeInTheDocument();
    expect(screen.getAllByText('Left knee')[0]).toBeInTheDocument();
    expect(screen.getAllByText('7/10, severe')[0]).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Intake history' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New intake' })).toHaveAttribute('href', `/clients/${client.id}/intake/new`);
    expect(screen.getByText(/starting from their last answers/)).toBeInTheDocument();
    expect(await screen.findByText('CIM')).toBeInTheDocument();
    expect(await screen.findByRole('form', { name: 'Start a plan from races' })).toBeInTheDocument();
    expect(await screen.findByText('Pain in the left knee rose (3 → 5 → 7).')).toBeInTheDocument();
    expect(screen.getByText('Practice aids, not diagnoses.')).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /Left knee 3 3 → 7 \+4 \(worse\)/ })).toBeInTheDocument();
  });

  it('shows the front desk contact, running and handling, and never asks for clinical content', async () => {
    const r = routes();
    r[`GET /v1/clients/${client.id}/alerts`] = forbidden;
    r[`GET /v1/clients/${client.id}/intake-forms`] = forbidden;
    const { requests } = renderScreen(<ClientPage />, {
      path: '/clients/:id',
      at: `/clients/${client.id}`,
      role: 'front_desk',
      routes: r,
    });
    expect(await screen.findByRole('heading', { name: 'Alex Rivera' })).toBeInTheDocument();
    expect(screen.getByText('No deep pressure')).toBeInTheDocument();
    expect(screen.getByText('Sub-3:30 marathon')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create intake link' })).toBeInTheDocument();
    expect(screen.getByText(/It opens a blank form/)).toBeInTheDocument();
    expect(await screen.findByText('CIM')).toBeInTheDocument();
    expect(screen.queryByText('Anticoagulants:')).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Pain areas' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New intake' })).not.toBeInTheDocument();
    const paths = requests.map((q) => new URL(q.url).pathname);
    expect(paths.filter((p) => p.endsWith('/alerts') || p.endsWith('/intake-forms'))).toEqual([]);
    expect(paths.filter((p) => p.includes('/care-plans') || p.endsWith('/flags'))).toEqual([]);
    expect(screen.queryByRole('heading', { name: /Care plan|Progress and flags/ })).not.toBeInTheDocument();
  });

  it('shows a problem when the client does not exist', async () => {
    renderScreen(<ClientPage />, { path: '/clients/:id', at: '/clients/nobody', routes: { 'GET /v1/vocabulary': () => json(200, vocabulary) } });
    expect(await screen.findByRole('alert')).toHaveTextContent('Not Found');
  });
});
