// Why a file was refused: what it says about the file itself (no name column, too large, not
// CSV), and the rows in error when an import found any.
import { ApiProblem } from '../../api/problem';
import { ErrorMessage } from '../../ui/states';
import { RowErrorsTable } from './RowErrorsTable';
import { fileMessages, rowErrorsFromProblem } from './importView';

export function ImportProblem({ error, title }: { error: unknown; title: string }) {
  if (!(error instanceof ApiProblem) || error.status !== 422) return <ErrorMessage error={error} />;
  const rows = rowErrorsFromProblem(error);
  return (
    <>
      <div className="error-box" role="alert">
        <strong>{title}</strong>
        {fileMessages(error).map((m) => (
          <p key={m}>{m.charAt(0).toUpperCase() + m.slice(1)}.</p>
        ))}
        {rows.length > 0 ? <p>Fix these rows in the file and choose it again.</p> : null}
      </div>
      {rows.length > 0 ? <RowErrorsTable errors={rows} /> : null}
    </>
  );
}
