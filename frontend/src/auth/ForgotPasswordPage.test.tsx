import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, renderScreen } from '../test/render';
import { ForgotPasswordPage, SENT } from './ForgotPasswordPage';

describe('<ForgotPasswordPage>', () => {
  it('sends the email and the practice when given, and says a link is on its way if an account exists', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    renderScreen(<ForgotPasswordPage />, {
      path: '/forgot-password',
      at: '/forgot-password',
      role: null,
      routes: {
        'POST /v1/auth/password-reset-requests': async (request) => {
          bodies.push(await request.json());
          return json(202, { message: SENT });
        },
      },
    });
    await user.type(screen.getByLabelText('Email'), 'sam@stride.example');
    await user.click(screen.getByRole('button', { name: 'I work at more than one practice' }));
    await user.type(screen.getByLabelText(/^Practice/), 'stride');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByRole('status')).toHaveTextContent(SENT);
    expect(bodies).toEqual([{ email: 'sam@stride.example', practice: 'stride' }]);
    expect(screen.queryByRole('button', { name: 'Send reset link' })).not.toBeInTheDocument();
  });

  it('shows the API’s refusal next to the field', async () => {
    const user = userEvent.setup();
    renderScreen(<ForgotPasswordPage />, {
      path: '/forgot-password',
      at: '/forgot-password',
      role: null,
      routes: {
        'POST /v1/auth/password-reset-requests': () =>
          json(422, {
            type: '/problems/validation',
            title: 'Invalid input',
            status: 422,
            errors: [{ pointer: '/email', message: 'not an email address' }],
          }),
      },
    });
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid input');
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
