// Rows that are already clients (by email, else name and date of birth) or repeat an earlier
// row; they are skipped, not imported twice.
import { Link } from 'react-router';
import type { RowDuplicate } from '../../api/types';
import { duplicateOf, rowLabel } from './importView';

export function DuplicatesList({ duplicates }: { duplicates: readonly RowDuplicate[] }) {
  return (
    <>
      <h3>Skipped as duplicates</h3>
      <ul className="import-duplicates">
        {duplicates.map((d) => {
          const of = duplicateOf(d);
          return (
            <li key={d.row}>
              {rowLabel(d.row)}:{' '}
              {of.kind === 'client' ? (
                <Link to={`/clients/${of.clientId}`}>already a client</Link>
              ) : of.kind === 'row' ? (
                `the same person as row ${of.row}`
              ) : (
                'already here'
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
