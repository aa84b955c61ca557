// Route guards: signed in at all, and allowed clinical content. The API enforces both;
// these only keep people from screens that would answer 401 or 403.
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useTokens } from '../api/context';
import { isClinical } from '../api/roles';

export function RequireAuth({ children }: { children: ReactNode }) {
  const tokens = useTokens();
  const location = useLocation();
  if (!tokens) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return children;
}

export function RequireClinical({ children }: { children: ReactNode }) {
  const tokens = useTokens();
  if (!isClinical(tokens?.role)) {
    return (
      <div className="page">
        <h1>Not available</h1>
        <p>Clinical records are open to therapists and owners only.</p>
        <p>
          <Link to="/clients">Back to clients</Link>
        </p>
      </div>
    );
  }
  return children;
}

export function RequireOwner({ children, what = 'The audit log is' }: { children: ReactNode; what?: string }) {
  const tokens = useTokens();
  if (tokens?.role !== 'owner') {
    return (
      <div className="page">
        <h1>Not available</h1>
        <p>{what} open to owners only.</p>
      </div>
    );
  }
  return children;
}
