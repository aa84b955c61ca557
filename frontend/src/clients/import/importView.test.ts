import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../api/problem';
import type { ImportPreview } from '../../api/types';
import { duplicateOf, errorsByRow, fieldLabel, fileMessages, importState, plural, rowErrorsFromProblem, rowLabel } from './importView';

const preview = (over: Partial<ImportPreview>): ImportPreview => ({
  rows: 2,
  columns: [],
  ignored_columns: [],
  errors: [],
  duplicates: [],
  importable: 2,
  ...over,
});

describe('import view', () => {
  it('groups errors by row in file order', () => {
    expect(
      errorsByRow([
        { row: 4, field: 'email', message: 'not an email' },
        { row: 2, field: 'date_of_birth', message: 'not a date' },
        { row: 4, field: 'full_name', message: 'required' },
      ]),
    ).toEqual([
      { row: 2, errors: [{ field: 'date_of_birth', message: 'not a date' }] },
      {
        row: 4,
        errors: [
          { field: 'email', message: 'not an email' },
          { field: 'full_name', message: 'required' },
        ],
      },
    ]);
  });

  it('reads the rows a refused import names by pointer, and leaves other pointers out', () => {
    const problem = new ApiProblem({
      type: '/problems/validation',
      title: 'Invalid request',
      status: 422,
      errors: [
        { pointer: '/rows/3/email', message: 'not an email' },
        { pointer: '/rows/12/date_of_birth', message: 'not a date' },
        { pointer: '/rows/1/password', message: 'unknown field' },
        { pointer: '/name', message: 'elsewhere' },
        { parameter: 'commit', message: 'not a boolean' },
      ],
    });
    expect(rowErrorsFromProblem(problem)).toEqual([
      { row: 3, field: 'email', message: 'not an email' },
      { row: 12, field: 'date_of_birth', message: 'not a date' },
    ]);
  });

  it('reads what a refused file says about itself, apart from its rows', () => {
    const problem = (errors: { pointer: string; message: string }[], detail = 'validation failed') =>
      new ApiProblem({ type: '/problems/validation', title: 'Validation failed', status: 422, detail, errors });
    expect(fileMessages(problem([{ pointer: '', message: 'the header row names no client' }]))).toEqual([
      'the header row names no client',
    ]);
    expect(fileMessages(problem([{ pointer: '/rows/2/email', message: 'must be an email address' }]))).toEqual([]);
    expect(fileMessages(problem([], 'The file is not valid UTF-8.'))).toEqual(['The file is not valid UTF-8.']);
  });

  it('names fields, rows and counts in words', () => {
    expect(fieldLabel('date_of_birth')).toBe('Date of birth');
    expect(fieldLabel('full_name')).toBe('Name');
    expect(fieldLabel('something_new')).toBe('something new');
    expect(rowLabel(1)).toBe('Row 1 (line 2)');
    expect(plural(1, 'client')).toBe('1 client');
    expect(plural(3, 'client')).toBe('3 clients');
    expect(plural(2, 'row was', 'rows were')).toBe('2 rows were');
  });

  it('tells an existing client from an earlier row of the file', () => {
    expect(duplicateOf({ row: 2, client_id: 'c1', same_as_row: null })).toEqual({ kind: 'client', clientId: 'c1' });
    expect(duplicateOf({ row: 5, client_id: null, same_as_row: 1 })).toEqual({ kind: 'row', row: 1 });
    expect(duplicateOf({ row: 5 })).toEqual({ kind: 'unknown' });
  });

  it('offers the import only without errors and with someone new', () => {
    expect(importState(preview({}))).toBe('ready');
    expect(importState(preview({ errors: [{ row: 1, field: 'email', message: 'bad' }], importable: 1 }))).toBe('errors');
    expect(importState(preview({ importable: 0, duplicates: [{ row: 1, client_id: 'c1' }] }))).toBe('nothing');
  });
});
