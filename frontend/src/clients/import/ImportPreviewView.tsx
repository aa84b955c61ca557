// The preview of one file: which header fills which field, what is left out, the rows in
// error (nothing can be imported until the file is fixed), and people already here.
import type { ImportPreview } from '../../api/types';
import { DuplicatesList } from './DuplicatesList';
import { RowErrorsTable } from './RowErrorsTable';
import { fieldLabel, importState, plural } from './importView';

interface Props {
  fileName: string;
  preview: ImportPreview;
  importing: boolean;
  onImport: () => void;
}

export function ImportPreviewView({ fileName, preview, importing, onImport }: Props) {
  const state = importState(preview);
  return (
    <section className="card import-preview" aria-labelledby="import-preview-title">
      <h2 id="import-preview-title">Preview of {fileName}</h2>
      <p>
        {plural(preview.rows, 'row')}: {plural(preview.importable, 'new client')}
        {preview.duplicates.length > 0 ? `, ${plural(preview.duplicates.length, 'duplicate')} to skip` : ''}
        {preview.errors.length > 0 ? `, ${plural(preview.errors.length, 'error')}` : ''}.
      </p>
      <h3>Columns</h3>
      <dl className="import-columns">
        {preview.columns.map((c) => (
          <div key={c.header}>
            <dt>{c.header}</dt>
            <dd>{fieldLabel(c.field)}</dd>
          </div>
        ))}
      </dl>
      {preview.ignored_columns.length > 0 ? (
        <p>
          <strong>Left out:</strong> {preview.ignored_columns.join(', ')}
        </p>
      ) : null}
      {preview.errors.length > 0 ? (
        <>
          <h3>Rows to fix</h3>
          <p className="error-box" role="alert">
            Nothing can be imported while a row has an error. Fix these rows in the file and choose it again.
          </p>
          <RowErrorsTable errors={preview.errors} />
        </>
      ) : null}
      {preview.duplicates.length > 0 ? <DuplicatesList duplicates={preview.duplicates} /> : null}
      {state === 'nothing' ? <p className="empty">There is no one new to import in this file.</p> : null}
      {state === 'ready' ? (
        <div className="actions">
          <button type="button" className="button primary" disabled={importing} onClick={onImport}>
            {importing ? 'Importing…' : `Import ${plural(preview.importable, 'client')}`}
          </button>
        </div>
      ) : null}
    </section>
  );
}
