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
  role: 'therapist',
  second_factor: true,
};

async function password(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Email'), 'maya@stride.example');
  await user.type(screen.getByLabelText('Password'), 'secret');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('the second step of signing in', () => {
  it('asks for a code, names a refused one, and takes a recovery code instead', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const { session } = renderScreen(<LoginPage />, {
      path: '/login',
      at: '/login',
      role: null,
      routes: {
        'POST /v1/auth/login': () => json(202, { challenge: 'c1', enrol: false, expires_in: 600 }),
        'POST /v1/auth/second-factor': async (request) => {
          const body = (await request.json()) as { code?: string };
          sent.push(body);
          if (body.code) {
            return json(422, {
              type: '/problems/validation',
              title: 'Invalid input',
              status: 422,
              errors: [{ pointer: '/code', message: 'the code is wrong, expired or already used' }],
            });
          }
          return json(200, tokenPair);
        },
      },
    });
    await password(user);
    await screen.findByRole('heading', { name: 'Two-factor sign-in' });
    expect(session.tokens).toBeNull();
    await user.type(screen.getByLabelText('Code from your authenticator app'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByLabelText('Code from your authenticator app')).toHaveAccessibleDescription(
      expect.stringContaining('already used') as string,
    );
    await user.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    await user.type(screen.getByLabelText('Recovery code'), 'abcde-fghjk');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(session.tokens?.role).toBe('therapist'));
    expect(sent).toEqual([
      { challenge: 'c1', code: '123456' },
      { challenge: 'c1', recovery_code: 'abcde-fghjk' },
    ]);
  });

  it('leads through enrolment when the practice requires it, signing in only after the codes are shown', async () => {
    const user = userEvent.setup();
    const { session } = renderScreen(<LoginPage />, {
      path: '/login',
      at: '/login',
      role: null,
      routes: {
        'POST /v1/auth/login': () => json(202, { challenge: 'c2', enrol: true, expires_in: 600 }),
        'POST /v1/auth/second-factor/enrolment': () =>
          json(200, { secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/Knead:x', qr_code: 'data:image/svg+xml;base64,PHN2Zy8+' }),
        'POST /v1/auth/second-factor/enrolment/confirm': () =>
          json(200, { recovery_codes: ['aaaaa-bbbbb', 'ccccc-ddddd'], tokens: tokenPair }),
      },
    });
    await password(user);
    await screen.findByRole('heading', { name: 'Set up two-factor sign-in' });
    expect(await screen.findByRole('img', { name: /QR code/ })).toHaveAttribute('src', 'data:image/svg+xml;base64,PHN2Zy8+');
    expect(screen.getByText('JBSWY3DPEHPK3PXP')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Code from the app'), '654321');
    await user.click(screen.getByRole('button', { name: 'Turn on two-factor sign-in' }));
    expect(await screen.findByText('aaaaa-bbbbb')).toBeInTheDocument();
    expect(session.tokens).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(session.tokens?.role).toBe('therapist'));
  });
});
