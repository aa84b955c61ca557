import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../api/types';
import { json, renderScreen } from '../../test/render';
import { ImportClientsPage } from './ImportClientsPage';

const BAD = 'name,email,member since\nAlex Stone,not-an-email,2020\n';
const GOOD = 'first name,last name,email\nAlex,Rivera,alex.rivera@example.com\nBea,Stone,bea@example.com\n';

const columns: ImportPreview['columns'] = [
  { header: 'first name', field: 'given_name' },
  { header: 'last name', field: 'family_name' },
  { header: 'email', field: 'email' },
];

// jsdom's File has no text(); the browser test reads real files.
const csv = (text: string, name = 'clients.csv') =>
  Object.assign(new File([text], name, { type: 'text/csv' }), { text: () => Promise.resolve(text) });

function nth(requests: readonly Request[], index: number): Request {
  const request = requests[index];
  if (!request) throw new Error(`no request ${index}; ${requests.length} were made`);
  return request;
}

describe('<ImportClientsPage>', () => {
  it('sends the file as CSV, refuses to import a file with a bad row, then imports a good one', async () => {
    const user = userEvent.setup();
    const { requests } = renderScreen(<ImportClientsPage />, {
      path: '/clients/import',
      at: '/clients/import',
      role: 'owner',
      routes: {
        'POST /v1/client-imports': async (request) => {
          const body = await request.text();
          if (new URL(request.url).searchParams.get('commit') === 'true') {
            return json(201, { imported: 1, skipped_duplicates: 1, client_ids: ['new-1'] });
          }
          if (body === BAD) {
            return json(200, {
              rows: 1,
              columns: [
                { header: 'name', field: 'full_name' },
                { header: 'email', field: 'email' },
              ],
              ignored_columns: ['member since'],
              errors: [{ row: 1, field: 'email', message: 'is not an email address' }],
              duplicates: [],
              importable: 0,
            });
          }
          return json(200, {
            rows: 2,
            columns,
            ignored_columns: [],
            errors: [],
            duplicates: [{ row: 1, client_id: 'alex-id', same_as_row: null }],
            importable: 1,
          });
        },
      },
    });

    await user.upload(screen.getByLabelText('CSV file'), csv(BAD, 'bad.csv'));
    expect(await screen.findByText('Email: is not an email address')).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'Row 1 (line 2)' })).toBeInTheDocument();
    expect(screen.getByText('member since')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Import/ })).not.toBeInTheDocument();
    const preview = nth(requests, 0);
    expect(preview.headers.get('Content-Type')).toBe('text/csv');
    expect(await preview.text()).toBe(BAD);
    expect(new URL(preview.url).searchParams.get('commit')).toBeNull();

    await user.upload(screen.getByLabelText('CSV file'), csv(GOOD));
    expect(await screen.findByRole('link', { name: 'already a client' })).toHaveAttribute('href', '/clients/alex-id');
    expect(screen.queryByText('Email: is not an email address')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Import 1 client' }));

    expect(await screen.findByRole('heading', { name: 'Imported 1 client' })).toBeInTheDocument();
    expect(screen.getByText('1 row was skipped as already a client.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to clients' })).toHaveAttribute('href', '/clients');
    const commit = nth(requests, 2);
    expect(new URL(commit.url).searchParams.get('commit')).toBe('true');
    expect(commit.headers.get('Idempotency-Key')).toBeTruthy();
    expect(await commit.text()).toBe(GOOD);
  });

  it('shows why a file cannot be read, and says so for an empty one', async () => {
    const user = userEvent.setup();
    const { requests } = renderScreen(<ImportClientsPage />, {
      path: '/clients/import',
      at: '/clients/import',
      role: 'owner',
      routes: {
        'POST /v1/client-imports': () =>
          json(422, {
            type: '/problems/validation',
            title: 'Validation failed',
            status: 422,
            detail: 'validation failed',
            errors: [{ pointer: '', message: 'the header row names no client: it needs `name`' }],
          }),
      },
    });
    await user.upload(screen.getByLabelText('CSV file'), csv('email,phone\na@example.com,1\n'));
    expect(await screen.findByText('This file cannot be imported')).toBeInTheDocument();
    expect(screen.getByText('The header row names no client: it needs `name`.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Import/ })).not.toBeInTheDocument();

    await user.upload(screen.getByLabelText('CSV file'), csv('  \n'));
    expect(await screen.findByText('The file is empty')).toBeInTheDocument();
    expect(screen.queryByText('This file cannot be imported')).not.toBeInTheDocument();
    expect(requests).toHaveLength(1);
  });
});
