// Loading, empty and error states, worded the same way on every screen.
import type { ReactNode } from 'react';
import { ApiProblem } from '../api/problem';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function ErrorMessage({ error }: { error: unknown }) {
  const problem = error instanceof ApiProblem ? error : null;
  return (
    <div className="error-box" role="alert">
      <strong>{problem?.title ?? 'Something went wrong'}</strong>
      {problem?.detail ? <p>{problem.detail}</p> : null}
    </div>
  );
}
