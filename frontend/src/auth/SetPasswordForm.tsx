// The new password, twice, and the email to sign in with. `POST /v1/auth/password` answers
// 204 with neither tokens nor the account's email, so the form asks for the email (which also
// lets a password manager save the new login) and signs in with it once the password is set.
import { useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { useSetPasswordWithLink } from '../api/auth';
import { useServices } from '../api/context';
import { ApiProblem } from '../api/problem';
import type { FieldError } from '../api/types';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { useProblem } from '../ui/useProblem';
import type { Wording } from './passwordLink';
import type { LoginNotice } from './LoginPage';

/** The confirmation is the browser's own check: the API never sees it. */
export const CONFIRMATION = '/password_confirmation';

/** What can be said before the link is spent: the API consumes it on the first good password. */
function localProblem(email: string, password: string, confirmation: string): ApiProblem | null {
  const errors: FieldError[] = [];
  if (!email.includes('@')) errors.push({ pointer: '/email', message: 'enter the email address you sign in with' });
  if (confirmation !== password) errors.push({ pointer: CONFIRMATION, message: 'does not match the new password' });
  if (errors.length === 0) return null;
  return new ApiProblem({ type: '/problems/validation', title: 'Validation failed', status: 422, errors });
}

interface Props {
  token: string;
  wording: Wording;
  /** The API refused the token: used, expired or unknown. */
  onLinkRefused: () => void;
}

export function SetPasswordForm({ token, wording, onLinkRefused }: Props) {
  const { session } = useServices();
  const navigate = useNavigate();
  const setPassword = useSetPasswordWithLink();
  const [email, setEmail] = useState('');
  const [password, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, errorFor } = useProblem();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const address = email.trim();
    const local = localProblem(address, password, confirmation);
    setProblem(local);
    if (local) return;
    setBusy(true);
    try {
      await setPassword.mutateAsync({ token, password });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiProblem && error.messageFor('/token')) onLinkRefused();
      else setProblem(error);
      return;
    }
    // A login this browser already held (someone else's, or the forgotten password's) ends
    // first, so nothing it cached is shown to the person signing in now.
    if (session.tokens) await session.logout();
    try {
      await session.login({ email: address, password });
      void navigate('/', { replace: true });
    } catch {
      const notice: LoginNotice = { email: address, notice: wording.done };
      void navigate('/login', { replace: true, state: notice });
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary problem={problem} />
      <TextField
        pointer="/email"
        label="Email"
        hint={wording.emailHint}
        type="email"
        autoComplete="username"
        required
        value={email}
        error={errorFor('/email')}
        onChange={(e) => setEmail(e.target.value)}
      />
      <TextField
        pointer="/password"
        label="New password"
        hint="At least 12 characters. A few unrelated words are easy to remember."
        type="password"
        autoComplete="new-password"
        required
        value={password}
        error={errorFor('/password')}
        onChange={(e) => setNewPassword(e.target.value)}
      />
      <TextField
        pointer={CONFIRMATION}
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        required
        value={confirmation}
        error={errorFor(CONFIRMATION)}
        onChange={(e) => setConfirmation(e.target.value)}
      />
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Setting your password…' : 'Set password and sign in'}
      </button>
    </form>
  );
}
