// Sign in. The practice slug is asked for only when the API says the email belongs to
// several practices (a 422 naming `/practice`). A page that sends people here may pass the
// email to fill in and a notice to show (the set-password page does, once a password is set).
import { useState, type SubmitEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useServices, useTokens } from '../api/context';
import { ApiProblem } from '../api/problem';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { useProblem } from '../ui/useProblem';
import { useTitle } from '../ui/useTitle';
import type { SecondStep } from '../api/types';
import { EnrolAtLogin } from './EnrolAtLogin';
import { SecondStepForm } from './SecondStepForm';

/** The navigation state another page may hand the sign-in page. */
export interface LoginNotice {
  email?: string;
  notice?: string;
}

export function LoginPage() {
  useTitle('Sign in');
  const { session } = useServices();
  const tokens = useTokens();
  const navigate = useNavigate();
  const location = useLocation();
  const state = location.state as (LoginNotice & { from?: string }) | null;
  const from = state?.from ?? '/';
  const notice = state?.notice ?? session.endNotice;
  const [email, setEmail] = useState(state?.email ?? '');
  const [password, setPassword] = useState('');
  const [practice, setPractice] = useState('');
  const [askPractice, setAskPractice] = useState(false);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<SecondStep | null>(null);
  const { problem, setProblem, errorFor } = useProblem();
  const done = () => void navigate(from, { replace: true });

  if (tokens) return <Navigate to={from} replace />;
  if (step) {
    return (
      <main id="main" className="login">
        <div className="login-card">
          <p className="brand-mark" aria-hidden="true">Knead</p>
          <h1>{step.enrol ? 'Set up two-factor sign-in' : 'Two-factor sign-in'}</h1>
          {step.enrol ? (
            <EnrolAtLogin challenge={step.challenge} onDone={done} />
          ) : (
            <SecondStepForm challenge={step.challenge} onDone={done} />
          )}
        </div>
      </main>
    );
  }

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const outcome = await session.login({ email, password, practice: practice.trim() || null });
      if ('challenge' in outcome) setStep(outcome);
      else done();
    } catch (error) {
      setProblem(error);
      if (error instanceof ApiProblem && error.messageFor('/practice')) setAskPractice(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <div className="login-card">
        <p className="brand-mark" aria-hidden="true">Knead</p>
        <h1>Sign in</h1>
        {notice ? (
          <p className="notice-line" role="status">
            {notice}
          </p>
        ) : null}
        <form onSubmit={submit} noValidate>
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
          <TextField
            pointer="/password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            error={errorFor('/password')}
            onChange={(e) => setPassword(e.target.value)}
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
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="login-aside">
          <Link to="/forgot-password" state={{ email } satisfies LoginNotice}>
            Forgot password?
          </Link>
        </p>
      </div>
    </main>
  );
}
