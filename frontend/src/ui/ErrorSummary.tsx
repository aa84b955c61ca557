// The problem a form submission got back: its title and detail, and one link per bad
// field that moves focus to the field (whose own message sits next to it).
import { useEffect, useRef } from 'react';
import type { ApiProblem } from '../api/problem';
import { fieldId } from './fieldId';

/** `/pain_areas/0/intensity` → `Pain areas 1, intensity`: readable without the form. */
export function describePointer(pointer: string): string {
  const words = pointer
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part.replace(/_/g, ' ')));
  const text = words.join(', ').replace(/, (\d+)/g, ' $1');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function ErrorSummary({ problem }: { problem: ApiProblem | null }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) box.current?.focus();
  }, [problem]);
  if (!problem) return null;
  return (
    <div className="error-box" role="alert" tabIndex={-1} ref={box}>
      <strong>{problem.title}</strong>
      {problem.detail && problem.fieldErrors.length === 0 ? <p>{problem.detail}</p> : null}
      {problem.fieldErrors.length > 0 ? (
        <ul>
          {problem.fieldErrors.map((e, i) => {
            const key = e.pointer ?? e.parameter ?? '';
            return (
              <li key={`${key}-${i}`}>
                {key ? (
                  <a href={`#${fieldId(key)}`}>
                    {describePointer(key)}: {e.message}
                  </a>
                ) : (
                  e.message
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
