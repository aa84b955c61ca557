// The login's second step: the code from the authenticator app, or a recovery code instead.
import { useState, type SubmitEvent } from 'react';
import { useServices } from '../api/context';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { useProblem } from '../ui/useProblem';

export function SecondStepForm({ challenge, onDone }: { challenge: string; onDone: () => void }) {
  const { session } = useServices();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, errorFor } = useProblem();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const entered = value.trim();
      await session.verifySecondFactor(
        useRecovery ? { challenge, recovery_code: entered } : { challenge, code: entered },
      );
      onDone();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary problem={problem} />
      {useRecovery ? (
        <TextField
          key="recovery"
          pointer="/recovery_code"
          label="Recovery code"
          hint="One of the codes you saved when you set up two-factor sign-in."
          autoComplete="off"
          value={value}
          error={errorFor('/recovery_code')}
          onChange={(e) => setValue(e.target.value)}
        />
      ) : (
        <TextField
          key="code"
          pointer="/code"
          label="Code from your authenticator app"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          value={value}
          error={errorFor('/code')}
          onChange={(e) => setValue(e.target.value)}
        />
      )}
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setUseRecovery(!useRecovery);
          setValue('');
          setProblem(null);
        }}
      >
        {useRecovery ? 'Use a code from the app' : 'Use a recovery code instead'}
      </button>
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Checking…' : 'Verify'}
      </button>
    </form>
  );
}
