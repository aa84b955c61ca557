// Changing one's own password (every role): the current one, and the new one twice.
import { useState } from 'react';
import { useChangePassword } from '../api/practice';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { useProblem } from '../ui/useProblem';

export function PasswordSection() {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const { problem, setProblem, errorFor } = useProblem();
  const mismatch = again !== '' && again !== next;
  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Change my password</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(null);
          setDone(false);
          if (mismatch) return;
          change.mutate(
            { current_password: current, new_password: next },
            {
              onSuccess: () => {
                setDone(true);
                setCurrent('');
                setNext('');
                setAgain('');
              },
              onError: setProblem,
            },
          );
        }}
      >
        <ErrorSummary problem={problem} />
        <TextField pointer="/current_password" label="Current password" type="password" autoComplete="current-password" value={current} error={errorFor('/current_password')} onChange={(e) => setCurrent(e.target.value)} />
        <TextField pointer="/new_password" label="New password" hint="At least 12 characters." type="password" autoComplete="new-password" value={next} error={errorFor('/new_password')} onChange={(e) => setNext(e.target.value)} />
        <TextField pointer="/new_password_again" label="New password again" type="password" autoComplete="new-password" value={again} error={mismatch ? 'The two new passwords differ.' : undefined} onChange={(e) => setAgain(e.target.value)} />
        <div className="inline">
          <button type="submit" className="button primary" disabled={change.isPending}>
            Change password
          </button>
          {done ? <span role="status">Password changed.</span> : null}
        </div>
      </form>
    </section>
  );
}
