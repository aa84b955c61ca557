import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, renderScreen } from '../test/render';
import { LoginPage } from './LoginPage';

const tokenPair = {
  access_token: 'a',
  refresh_token: 'r',
  token_type: 'Bearer',
  expires_in: 900,
  practice_id: 'p',
  staff_id: 's',
  role: 'front_desk',
};

describe('<LoginPage>', () => {
  it('asks for the practice when the API says the email belongs to several, then signs in', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    const { session } = renderScreen(<LoginPage />, {
      path: '/login',
      at: '/login',
      role: null,
      routes: {
        'POST /v1/auth/login': async (request) => {
          const body = (await request.json()) as { practice: string | null };
          bodies.push(body);
          if (!body.practice) {
            return json(422, {
              type: '/problems/validation',
              title: 'Invalid input',
              status: 422,
              errors: [{ pointer: '/practice', message: "this email belongs to several practices: give the practice's slug" }],
            });
          }
          return json(200, tokenPair);
        },
      },
    });
    expect(screen.queryByLabelText(/^Practice/)).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Email'), 'sam@stride.example');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const practice = await screen.findByLabelText('Practice');
    expect(practice).toHaveAccessibleDescription(expect.stringContaining('several practices') as string);
    expect(screen.getByRole('alert')).toHaveTextContent('Invalid input');
    await user.type(practice, 'stride');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(session.tokens?.role).toBe('front_desk'));
    expect(bodies[1]).toEqual({ email: 'sam@stride.example', password: 'secret', practice: 'stride' });
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument();
  });

  it('says so when the password is wrong', async () => {
    const user = userEvent.setup();
    renderScreen(<LoginPage />, {
      path: '/login',
      at: '/login',
      role: null,
      routes: {
        'POST /v1/auth/login': () =>
          json(401, { type: '/problems/unauthorized', title: 'Wrong email or password', status: 401 }),
      },
    });
    await user.type(screen.getByLabelText('Email'), 'maya@stride.example');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password');
  });
});
