// RFC 9457 problem details as the app handles them: one error class for every failed call,
// with the per-field errors keyed by JSON pointer (or parameter name) so forms can put
// each message next to the field it names.
import type { FieldError, ProblemBody } from './types';

export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | null;
  readonly fieldErrors: readonly FieldError[];

  constructor(body: ProblemBody) {
    super(body.detail ?? body.title);
    this.name = 'ApiProblem';
    this.status = body.status;
    this.type = body.type;
    this.title = body.title;
    this.detail = body.detail ?? null;
    this.fieldErrors = body.errors ?? [];
  }

  /** The message for one field, by JSON pointer (`/pain_areas/0/intensity`) or parameter. */
  messageFor(pointer: string): string | undefined {
    return this.fieldErrors.find((e) => e.pointer === pointer || e.parameter === pointer)
      ?.message;
  }
}

function isProblemBody(value: unknown): value is ProblemBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && typeof v.status === 'number';
}

/**
 * Turns whatever a failed response carried into an ApiProblem. Proxies and crashed servers
 * answer with HTML or nothing, so a body that is not a problem still yields a readable one.
 */
export function toProblem(body: unknown, response: Response): ApiProblem {
  if (isProblemBody(body)) {
    const errors = Array.isArray(body.errors) ? body.errors.filter(isFieldError) : [];
    return new ApiProblem({
      type: typeof body.type === 'string' ? body.type : 'about:blank',
      title: body.title,
      status: body.status,
      detail: typeof body.detail === 'string' ? body.detail : null,
      errors,
    });
  }
  return new ApiProblem({
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: `The server answered ${response.status}.`,
  });
}

function isFieldError(value: unknown): value is FieldError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).message === 'string'
  );
}

/** The problem for a network failure (server down, offline): status 0. */
export function networkProblem(cause: unknown): ApiProblem {
  const problem = new ApiProblem({
    type: 'about:blank',
    title: 'Cannot reach Knead',
    status: 0,
    detail: 'Check your connection and try again.',
  });
  problem.cause = cause;
  return problem;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Unwraps an openapi-fetch result: the data, or an ApiProblem thrown for react-query. */
export function unwrap<T>(result: FetchResult<T>): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  if (result.response.ok) return undefined as T;
  throw toProblem(result.error, result.response);
}

/** A record with the ETag it was read at, sent back as `If-Match` on the next write. */
export interface Tagged<T> {
  data: T;
  etag: string;
}

/** Like `unwrap`, keeping the response's ETag; a write without one would overwrite blindly. */
export function unwrapTagged<T>(result: FetchResult<T>): Tagged<T> {
  const data = unwrap(result);
  const etag = result.response.headers.get('ETag');
  if (!etag) {
    throw new ApiProblem({
      type: 'about:blank',
      title: 'No version from the server',
      status: result.response.status,
      detail: 'The answer carried no ETag, so a change could overwrite someone else’s.',
    });
  }
  return { data, etag };
}

/** Whether a write was refused because the record changed since it was read (412). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 412;
}
