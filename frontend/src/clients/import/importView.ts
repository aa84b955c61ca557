// What the import screen shows of a preview: field names in words, errors grouped by row,
// and the errors a refused import (422) names by pointer, read back into rows.
import type { ApiProblem } from '../../api/problem';
import type { ImportField, ImportPreview, RowDuplicate, RowError } from '../../api/types';

export const FIELD_LABELS: Record<ImportField, string> = {
  given_name: 'First name',
  family_name: 'Last name',
  full_name: 'Name',
  email: 'Email',
  phone: 'Phone',
  date_of_birth: 'Date of birth',
  notes: 'Notes',
};

function isField(value: string): value is ImportField {
  return Object.hasOwn(FIELD_LABELS, value);
}

export function fieldLabel(field: string): string {
  return isField(field) ? FIELD_LABELS[field] : field.replace(/_/g, ' ');
}

export interface RowErrors {
  row: number;
  errors: { field: string; message: string }[];
}

/** Errors one row at a time, in file order, so a row with three problems reads as one line. */
export function errorsByRow(errors: readonly { row: number; field: string; message: string }[]): RowErrors[] {
  const rows = new Map<number, RowErrors>();
  for (const { row, field, message } of errors) {
    const entry = rows.get(row) ?? { row, errors: [] };
    entry.errors.push({ field, message });
    rows.set(row, entry);
  }
  return [...rows.values()].sort((a, b) => a.row - b.row);
}

const ROW_POINTER = /^\/rows\/(\d+)\/([a-z_]+)$/;

/**
 * What a refused file says about itself (no name column, unreadable): the messages not tied to
 * a row, which the API puts in `errors` under a blank pointer; else the problem's detail.
 */
export function fileMessages(problem: ApiProblem): string[] {
  const messages = problem.fieldErrors.filter((e) => !ROW_POINTER.test(e.pointer ?? '')).map((e) => e.message);
  if (messages.length > 0) return messages;
  const rowErrors = problem.fieldErrors.length > 0;
  return problem.detail && !rowErrors ? [problem.detail] : [];
}

/** `/rows/3/email` → row 3, email; pointers of any other shape are left to the problem's summary. */
export function rowErrorsFromProblem(problem: ApiProblem): RowError[] {
  const errors: RowError[] = [];
  for (const e of problem.fieldErrors) {
    const match = ROW_POINTER.exec(e.pointer ?? '');
    const field = match?.[2];
    if (match && field && isField(field)) errors.push({ row: Number(match[1]), field, message: e.message });
  }
  return errors;
}

/** Rows count from 1 after the header, so row N sits on line N + 1 of the file. */
export function rowLabel(row: number): string {
  return `Row ${row} (line ${row + 1})`;
}

export type DuplicateOf = { kind: 'client'; clientId: string } | { kind: 'row'; row: number } | { kind: 'unknown' };

export function duplicateOf(duplicate: RowDuplicate): DuplicateOf {
  if (duplicate.client_id) return { kind: 'client', clientId: duplicate.client_id };
  if (duplicate.same_as_row != null) return { kind: 'row', row: duplicate.same_as_row };
  return { kind: 'unknown' };
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What the owner may do with a preview. */
export function importState(preview: ImportPreview): 'errors' | 'nothing' | 'ready' {
  if (preview.errors.length > 0) return 'errors';
  if (preview.importable === 0) return 'nothing';
  return 'ready';
}
