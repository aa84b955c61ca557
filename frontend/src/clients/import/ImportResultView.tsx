// What an import did: how many clients it added and how many it skipped as already here.
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { ImportResult } from '../../api/types';
import { plural } from './importView';

export function ImportResultView({ result, onAnother }: { result: ImportResult; onAnother: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div className="card" role="status" tabIndex={-1} ref={box}>
      <h2>{result.imported === 0 ? 'No one new was imported' : `Imported ${plural(result.imported, 'client')}`}</h2>
      {result.skipped_duplicates > 0 ? (
        <p>{plural(result.skipped_duplicates, 'row was', 'rows were')} skipped as already a client.</p>
      ) : null}
      <div className="actions">
        <Link className="button primary" to="/clients">
          Go to clients
        </Link>
        <button type="button" className="button" onClick={onAnother}>
          Import another file
        </button>
      </div>
    </div>
  );
}
