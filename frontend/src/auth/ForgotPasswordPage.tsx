// Forgot password: asks for the email (and the practice, for someone at several), and sends
// a reset link. The API answers alike whether or not an account has the address, so the page
// says the same thing either way; the link in the email lands on the set-password page.
import { useState, type SubmitEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useRequestPasswordReset } from '../api/auth';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { useProblem } from '../ui/useProblem';
import { useTitle } from '../ui/useTitle';
import type { LoginNotice } from './LoginPage';

export const SENT = "If an account exists for that address, we've sent a link to choose a new password.";

export function ForgotPasswordPage() {
  useTitle('Forgot password');
  const location = useLocation();
  const state = location.state as LoginNotice | null;
  const [email, setEmail] = useState(state?.email ?? '');
  const [practice, setPractice] = useState('');
  const [askPractice, setAskPractice] = useState(false);
  const [sent, setSent] = useState(false);
  const request = useRequestPasswordReset();
  const { problem, setProblem, errorFor } = useProblem();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await request.mutateAsync({ email, practice: practice.trim() || null });
      setSent(true);
    } catch (error) {
      setProblem(error);
    }
  };

  return (
    <main id="main" className="login">
      <div className="login-card">
        <p className="brand-mark" aria-hidden="true">
          Knead
        </p>
        <h1>Forgot password</h1>
        {sent ? (
          <>
            <p className="notice-line" role="status">
              {SENT}
            </p>
            <p>The link works once, for 24 hours. Nothing arrived? Check your spam folder, or ask the practice owner.</p>
          </>
        ) : (
          <form onSubmit={submit} noValidate>
            <p>Enter the email you sign in with; we’ll send you a link to choose a new password.</p>
            <ErrorSummary problem={problem} />
            <TextField
              pointer="/email"
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              error={errorFor('/email')}
              onChange={(e) => setEmail(e.target.value)}
            />
            {askPractice ? (
              <TextField
                pointer="/practice"
                label="Practice"
                hint="The short name of your practice, e.g. stride"
                autoComplete="organization"
                value={practice}
                error={errorFor('/practice')}
                onChange={(e) => setPractice(e.target.value)}
              />
            ) : (
              <button type="button" className="link-button" onClick={() => setAskPractice(true)}>
                I work at more than one practice
              </button>
            )}
            <button type="submit" className="button primary" disabled={request.isPending}>
              {request.isPending ? 'Sending…' : 'Send reset link'}
            </button>
          </form>
        )}
        <p className="login-aside">
          <Link to="/login" state={{ email } satisfies LoginNotice}>
            Back to sign in
          </Link>
        </p>
      </div>
    </main>
  );
}
