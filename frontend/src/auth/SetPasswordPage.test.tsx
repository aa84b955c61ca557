import { screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { TokenPair } from '../api/types';
import { json, renderScreen, type Handler } from '../test/render';
import { LoginPage } from './LoginPage';
import { SetPasswordPage } from './SetPasswordPage';

const TOKEN = 'kl1.0190a0b1c2d37e8f9a0b1c2d3e4f5a6b.0190a0b1c2d37e8f9a0b1c2d3e4f5a6c.p3Zk-x_9';
const PASSWORD = 'calf raises every evening';

const pair: TokenPair = {
  access_token: 'new-access',
  refresh_token: 'new-refresh',
  token_type: 'Bearer',
  expires_in: 900,
  practice_id: 'p',
  staff_id: 'casey',
  role: 'therapist',
};

const validation = (pointer: string, message: string) =>
  json(422, { type: '/problems/validation', title: 'Validation failed', status: 422, errors: [{ pointer, message }] });

/** Where the router is, so a test sees what the address bar would show. */
function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.pathname + location.hash}</output>;
}

function open(hash: string, routes: Record<string, Handler>, role: 'owner' | null = null) {
  return renderScreen(
    <>
      <SetPasswordPage />
      <Where />
    </>,
    { path: '/set-password', at: `/set-password${hash}`, role, routes, others: { '/login': <LoginPage /> } },
  );
}

async function fill(user: UserEvent, email: string, password: string, confirmation = password) {
  const values: [string, string][] = [
    ['Email', email],
    ['New password', password],
    ['Confirm new password', confirmation],
  ];
  for (const [label, value] of values) {
    const field = screen.getByLabelText(label);
    await user.clear(field);
    await user.type(field, value);
  }
  await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
}

describe('<SetPasswordPage>', () => {
  it('takes the token out of the address, sets the password with it, and signs in', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const { requests, session } = open(`#token=${TOKEN}`, {
      'POST /v1/auth/password': async (request) => {
        sent.push(await request.json());
        return new Response(null, { status: 204 });
      },
      'POST /v1/auth/login': async (request) => {
        sent.push(await request.json());
        return json(200, pair);
      },
    });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Set your password');
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent(/^\/set-password$/));
    expect(document.title).toBe('Set your password · Knead');

    await fill(user, ' casey@stride.example ', PASSWORD);
    await waitFor(() => expect(session.tokens?.staffId).toBe('casey'));
    expect(sent).toEqual([
      { token: TOKEN, password: PASSWORD },
      { email: 'casey@stride.example', password: PASSWORD, practice: undefined },
    ]);
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /v1/auth/password',
      'POST /v1/auth/login',
    ]);
    expect(requests.every((r) => !r.url.includes(TOKEN))).toBe(true);
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument();
  });

  it('checks the confirmation before spending the link, and shows the API’s password rule by the field', async () => {
    const user = userEvent.setup();
    const { requests } = open(`#token=${TOKEN}`, {
      'POST /v1/auth/password': () => validation('/password', 'must be at least 12 characters'),
    });
    await fill(user, 'casey@stride.example', PASSWORD, `${PASSWORD}.`);
    const confirmation = screen.getByLabelText('Confirm new password');
    expect(confirmation).toHaveAccessibleDescription('does not match the new password');
    expect(confirmation).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveFocus();
    expect(requests).toEqual([]);

    await fill(user, 'casey@stride.example', 'too short', 'too short');
    const password = screen.getByLabelText('New password');
    await waitFor(() => expect(password).toHaveAttribute('aria-invalid', 'true'));
    expect(password).toHaveAccessibleDescription(expect.stringContaining('must be at least 12 characters') as string);
    expect(screen.getByRole('alert')).toHaveTextContent('Password: must be at least 12 characters');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Set your password');
  });

  it('says so when the link is used, expired or unknown', async () => {
    const user = userEvent.setup();
    open(`#token=${TOKEN}&purpose=invitation`, {
      'POST /v1/auth/password': () => validation('/token', 'this link is invalid, already used or expired'),
    });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Welcome to Knead');
    await fill(user, 'casey@stride.example', PASSWORD);
    const heading = await screen.findByRole('heading', { name: 'This link has already been used or has expired' });
    expect(screen.getByRole('alert')).toContainElement(heading);
    expect(screen.getByRole('alert')).toHaveFocus();
    expect(screen.getByText(/ask the practice owner for a new invitation/)).toBeInTheDocument();
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Go to sign in' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('words a password reset as one, and ends the login this browser held before signing in', async () => {
    const user = userEvent.setup();
    const { requests, session } = open(
      `#token=${TOKEN}&purpose=password_reset`,
      {
        'POST /v1/auth/password': () => new Response(null, { status: 204 }),
        'POST /v1/auth/logout': () => new Response(null, { status: 204 }),
        'POST /v1/auth/login': () => json(200, pair),
      },
      'owner',
    );
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Choose a new password');
    expect(screen.getByText(/you are signed out on your other devices/)).toBeInTheDocument();
    await fill(user, 'casey@stride.example', PASSWORD);
    await waitFor(() => expect(session.tokens?.staffId).toBe('casey'));
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(['/v1/auth/password', '/v1/auth/logout', '/v1/auth/login']);
  });

  it('sends a person whose sign-in fails to the sign-in page, email filled in, saying the password is set', async () => {
    const user = userEvent.setup();
    open(`#token=${TOKEN}`, {
      'POST /v1/auth/password': () => new Response(null, { status: 204 }),
      'POST /v1/auth/login': () => json(401, { type: '/problems/unauthorized', title: 'Unauthorized', status: 401 }),
    });
    await fill(user, 'casy@stride.example', PASSWORD);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your password is set. Sign in with it.');
    expect(screen.getByLabelText('Email')).toHaveValue('casy@stride.example');
    expect(screen.getByLabelText('Password')).toHaveValue('');
  });

  it('explains a link without a token', () => {
    const { requests } = open('', {});
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('This link is incomplete');
    expect(document.title).toBe('This link is incomplete · Knead');
    expect(requests).toEqual([]);
  });
});
