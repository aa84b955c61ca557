import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { NewClient } from '../api/types';
import { client, vocabulary } from '../test/fixtures';
import { json, renderScreen } from '../test/render';
import { NewClientPage } from './NewClientPage';

describe('<NewClientPage>', () => {
  it('puts each error next to its field, then creates the client with an Idempotency-Key', async () => {
    const user = userEvent.setup();
    const sent: { body: NewClient; key: string | null }[] = [];
    renderScreen(<NewClientPage />, {
      path: '/clients/new',
      at: '/clients/new',
      routes: {
        'GET /v1/vocabulary': () => json(200, vocabulary),
        'POST /v1/clients': async (request) => {
          const body = (await request.json()) as NewClient;
          sent.push({ body, key: request.headers.get('Idempotency-Key') });
          if (body.email === 'not-an-email') {
            return json(422, {
              type: '/problems/validation',
              title: 'Invalid input',
              status: 422,
              errors: [
                { pointer: '/email', message: 'is not an email address' },
                { pointer: '/runner_profile/weekly_distance/value', message: 'must be at most 500' },
              ],
            });
          }
          return json(201, { ...client, ...body });
        },
      },
    });
    await user.type(await screen.findByLabelText('Given name'), 'Alex');
    await user.type(screen.getByLabelText('Family name'), 'Rivera');
    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.type(screen.getByLabelText('Weekly distance'), '900');
    await user.click(screen.getByLabelText('Road'));
    await user.click(screen.getByRole('button', { name: 'Save client' }));

    expect(await screen.findByText('is not an email address')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('is not an email address');
    expect(screen.getByLabelText('Weekly distance')).toHaveAccessibleDescription('must be at most 500');
    expect(screen.getByRole('link', { name: 'Email: is not an email address' })).toHaveAttribute('href', '#f-email');
    expect(sent[0]?.body.runner_profile).toMatchObject({ weekly_distance: { value: 900, unit: 'km' }, surfaces: ['road'] });

    await user.clear(screen.getByLabelText('Email'));
    await user.type(screen.getByLabelText('Email'), 'alex@example.com');
    await user.click(screen.getByRole('button', { name: 'Save client' }));
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]?.key).not.toBe(sent[0]?.key);
  });
});
