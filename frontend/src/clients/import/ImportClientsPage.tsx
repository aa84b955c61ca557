// Importing clients from another product's CSV export (owners): choose the file, read the
// preview (how its columns map, rows in error, people already here), import, see the result.
import { useId, useState, type ChangeEvent } from 'react';
import { Link } from 'react-router';
import { useCommitImport, usePreviewImport } from '../../api/clientImports';
import { Loading } from '../../ui/states';
import { useTitle } from '../../ui/useTitle';
import { ImportPreviewView } from './ImportPreviewView';
import { ImportResultView } from './ImportResultView';
import { ImportProblem } from './ImportProblem';
import './import.css';

interface ChosenFile {
  name: string;
  text: string;
}

export function ImportClientsPage() {
  useTitle('Import clients');
  const inputId = useId();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [empty, setEmpty] = useState(false);
  const preview = usePreviewImport();
  const commit = useCommitImport();

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    preview.reset();
    commit.reset();
    setFile(null);
    setEmpty(false);
    if (!chosen) return;
    const text = await chosen.text();
    // Cleared so choosing the same file again, once fixed, reads it again.
    event.target.value = '';
    if (text.trim() === '') {
      setEmpty(true);
      return;
    }
    setFile({ name: chosen.name, text });
    preview.mutate(text);
  };

  const startOver = () => {
    preview.reset();
    commit.reset();
    setFile(null);
  };

  if (commit.data) {
    return (
      <div className="page narrow">
        <h1>Import clients</h1>
        <ImportResultView result={commit.data} onAnother={startOver} />
      </div>
    );
  }

  return (
    <div className="page narrow import">
      <div className="page-head">
        <h1>Import clients</h1>
        <Link to="/clients">Back to clients</Link>
      </div>
      <p>
        Bring your clients over from another product: export them as a CSV file there, then choose it here. You will
        see what would be imported before anything is.
      </p>
      <div className="field">
        <label htmlFor={inputId}>CSV file</label>
        <input id={inputId} type="file" accept=".csv,text/csv" onChange={(e) => void choose(e)} />
        <span className="hint">
          Columns are recognised by their headers: name (or first name and last name), email, phone or mobile, date of
          birth or DOB, and notes. Other columns are left out.
        </span>
      </div>
      {empty ? (
        <div className="error-box" role="alert">
          <strong>The file is empty</strong>
          <p>Choose a CSV file with a header row and one client per row.</p>
        </div>
      ) : null}
      {preview.isPending ? <Loading what="the preview" /> : null}
      {preview.isError ? <ImportProblem error={preview.error} title="This file cannot be imported" /> : null}
      {commit.isError ? <ImportProblem error={commit.error} title="Nothing was imported" /> : null}
      {file && preview.data ? (
        <ImportPreviewView
          fileName={file.name}
          preview={preview.data}
          importing={commit.isPending}
          onImport={() => commit.mutate(file.text)}
        />
      ) : null}
    </div>
  );
}
