import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ClientView } from '../api/types';
import { client } from '../test/fixtures';
import { json, renderScreen } from '../test/render';
import { ClientListPage } from './ClientListPage';

const named = (given: string, family: string): ClientView => ({ ...client, id: `${given}-${family}`, given_name: given, family_name: family });

describe('<ClientListPage>', () => {
  it('searches by name and pages with the cursors the API gives', async () => {
    const user = userEvent.setup();
    const { requests } = renderScreen(<ClientListPage />, {
      path: '/clients',
      at: '/clients',
      routes: {
        'GET /v1/clients': (request) => {
          const query = new URL(request.url).searchParams;
          if (query.get('q') === 'zz') return json(200, { items: [] });
          if (query.get('q') === 'riv') return json(200, { items: [named('Alex', 'Rivera')] });
          if (query.get('cursor') === 'page2') return json(200, { items: [named('Casey', 'Lee')] });
          return json(200, { items: [named('Alex', 'Rivera'), named('Bo', 'Chen')], next_cursor: 'page2' });
        },
      },
    });
    expect(await screen.findByRole('link', { name: 'Bo Chen' })).toBeInTheDocument();
    expect(screen.getByText('Page 1')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('link', { name: 'Casey Lee' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByRole('link', { name: 'Bo Chen' })).toBeInTheDocument();

    await user.type(screen.getByLabelText('Search clients'), 'riv');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Bo Chen' })).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'Alex Rivera' })).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Search clients'));
    await user.type(screen.getByLabelText('Search clients'), 'zz');
    expect(await screen.findByText('No clients match “zz”.')).toBeInTheDocument();
    const queries = requests.map((r) => new URL(r.url).searchParams.get('q')).filter(Boolean);
    // Typing is debounced: one request per pause, not per key.
    expect(queries).toEqual(['riv', 'zz']);
  });

  it('offers the import to owners only', async () => {
    const routes = { 'GET /v1/clients': () => json(200, { items: [named('Alex', 'Rivera')] }) };
    const owner = renderScreen(<ClientListPage />, { path: '/clients', at: '/clients', role: 'owner', routes });
    expect(await screen.findByRole('link', { name: 'Alex Rivera' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Import clients' })).toHaveAttribute('href', '/clients/import');
    owner.unmount();
    renderScreen(<ClientListPage />, { path: '/clients', at: '/clients', role: 'front_desk', routes });
    expect(await screen.findByRole('link', { name: 'Alex Rivera' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Import clients' })).not.toBeInTheDocument();
  });
});
