// The recovery codes, shown once after enrolment: each signs in once when the phone is lost.
import type { ReactNode } from 'react';

export function RecoveryCodes({ codes, children }: { codes: string[]; children?: ReactNode }) {
  return (
    <div className="recovery" role="status">
      <h2 className="recovery-heading">Save your recovery codes</h2>
      <p>Two-factor sign-in is on. If you lose your phone, each of these codes signs you in once. Keep them somewhere safe: they are not shown again.</p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}
