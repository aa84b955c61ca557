import { describe, expect, it } from 'vitest';
import { ApiProblem, toProblem, unwrap } from './problem';

const response = (status: number, statusText = '') => new Response(null, { status, statusText });

describe('toProblem', () => {
  it('keeps the fields of an RFC 9457 body and finds messages by pointer or parameter', () => {
    const problem = toProblem(
      {
        type: '/problems/validation',
        title: 'Invalid input',
        status: 422,
        detail: '2 fields are invalid',
        errors: [
          { pointer: '/pain_areas/0/intensity', message: 'must be between 0 and 10' },
          { parameter: 'limit', message: 'too large' },
          { nonsense: true },
        ],
      },
      response(422),
    );
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem.status).toBe(422);
    expect(problem.type).toBe('/problems/validation');
    expect(problem.message).toBe('2 fields are invalid');
    expect(problem.fieldErrors).toHaveLength(2);
    expect(problem.messageFor('/pain_areas/0/intensity')).toBe('must be between 0 and 10');
    expect(problem.messageFor('limit')).toBe('too large');
    expect(problem.messageFor('/consent/agreed')).toBeUndefined();
  });

  it('makes a readable problem from a body that is not one (a proxy page, an empty 502)', () => {
    const problem = toProblem('<html>Bad gateway</html>', response(502, 'Bad Gateway'));
    expect(problem.status).toBe(502);
    expect(problem.title).toBe('Bad Gateway');
    expect(problem.fieldErrors).toEqual([]);
  });
});

describe('unwrap', () => {
  it('returns data on success and throws the problem otherwise', () => {
    expect(unwrap({ data: { a: 1 }, response: response(200) })).toEqual({ a: 1 });
    expect(() =>
      unwrap({ error: { type: '/problems/forbidden', title: 'Forbidden', status: 403 }, response: response(403) }),
    ).toThrowError(expect.objectContaining({ status: 403, title: 'Forbidden' }) as Error);
  });
});
