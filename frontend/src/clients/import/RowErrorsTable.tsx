// The rows of a file in error, one line per row with each of its problems.
import type { RowError } from '../../api/types';
import { errorsByRow, fieldLabel, rowLabel } from './importView';

export function RowErrorsTable({ errors }: { errors: readonly RowError[] }) {
  return (
    <table className="import-errors">
      <caption className="visually-hidden">Rows with errors</caption>
      <thead>
        <tr>
          <th scope="col">Row</th>
          <th scope="col">Problems</th>
        </tr>
      </thead>
      <tbody>
        {errorsByRow(errors).map(({ row, errors: problems }) => (
          <tr key={row}>
            <th scope="row">{rowLabel(row)}</th>
            <td>
              <ul>
                {problems.map((p, i) => (
                  <li key={i}>
                    {fieldLabel(p.field)}: {p.message}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
