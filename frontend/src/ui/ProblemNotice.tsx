// What a write refused with 412 says: someone else changed the record since it was read.
// Nothing is overwritten; reloading shows their version to start again from.
import { isStale } from '../api/problem';
import { ErrorSummary } from './ErrorSummary';
import type { ApiProblem } from '../api/problem';

export function ProblemNotice({ problem, onReload }: { problem: ApiProblem | null; onReload: () => void }) {
  if (problem && isStale(problem)) {
    return (
      <div className="error-box" role="alert">
        <strong>Changed by someone else</strong>
        <p>This was changed after you opened it, so your change was not saved. Reload to see the latest version.</p>
        <button type="button" className="button" onClick={onReload}>
          Reload
        </button>
      </div>
    );
  }
  return <ErrorSummary problem={problem} />;
}
