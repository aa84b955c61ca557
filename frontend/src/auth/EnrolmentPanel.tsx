// Setting up two-factor sign-in: the QR code (drawn by the API, shown as an image: no outside
// service sees the secret), the secret to type in instead, and the first code to confirm it.
import { useState, type SubmitEvent } from 'react';
import type { ApiProblem } from '../api/problem';
import type { Enrolment } from '../api/types';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';

interface Props {
  enrolment: Enrolment;
  busy: boolean;
  problem: ApiProblem | null;
  errorFor: (pointer: string) => string | undefined;
  onConfirm: (code: string) => void;
}

export function EnrolmentPanel({ enrolment, busy, problem, errorFor, onConfirm }: Props) {
  const [code, setCode] = useState('');
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onConfirm(code.trim());
  };
  return (
    <div className="enrolment">
      <ol className="enrolment-steps">
        <li>Open an authenticator app on your phone (for example Google Authenticator, 1Password or Aegis).</li>
        <li>Scan this QR code with it, or type in the key below.</li>
        <li>Enter the six-digit code the app shows.</li>
      </ol>
      <img className="qr-code" src={enrolment.qr_code} alt="QR code to scan with your authenticator app" width={200} height={200} />
      <p>
        Key: <code className="secret-key" data-testid="totp-secret">{enrolment.secret}</code>
      </p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary problem={problem} />
        <TextField
          pointer="/code"
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          required
          value={code}
          error={errorFor('/code')}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Checking…' : 'Turn on two-factor sign-in'}
        </button>
      </form>
    </div>
  );
}
