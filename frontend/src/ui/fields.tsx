// Labelled form controls. Each takes the JSON pointer of the value it edits: that gives
// its id (so an error summary can link to it) and finds its error in a problem.
import type { ComponentPropsWithRef, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { fieldId } from './fieldId';

interface Common {
  pointer: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
}

function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Extras({ id, error, hint }: { id: string; error?: string | undefined; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </>
  );
}

export function TextField({
  pointer,
  label,
  error,
  hint,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = fieldId(pointer);
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <Extras id={id} error={error} hint={hint} />
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...input}
      />
    </div>
  );
}

export function TextArea({
  pointer,
  label,
  error,
  hint,
  ...area
}: Common & ComponentPropsWithRef<'textarea'>) {
  const id = fieldId(pointer);
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <Extras id={id} error={error} hint={hint} />
      <textarea
        id={id}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...area}
      />
    </div>
  );
}

export function SelectField({
  pointer,
  label,
  error,
  hint,
  children,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = fieldId(pointer);
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <Extras id={id} error={error} hint={hint} />
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...select}
      >
        {children}
      </select>
    </div>
  );
}

interface Option<T extends string> {
  id: T;
  label: ReactNode;
}

/** A group of checkboxes over a closed list (qualities, surfaces, contraindications…). */
export function CheckboxGroup<T extends string>({
  pointer,
  label,
  error,
  hint,
  options,
  selected,
  onChange,
}: Common & {
  options: readonly Option<T>[];
  selected: readonly T[];
  onChange: (next: T[]) => void;
}) {
  const id = fieldId(pointer);
  const toggle = (value: T, on: boolean) =>
    onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    <fieldset
      className={`field checkbox-group${error ? ' has-error' : ''}`}
      id={id}
      aria-describedby={describedBy(id, error, hint)}
    >
      <legend>{label}</legend>
      <Extras id={id} error={error} hint={hint} />
      <div className="options">
        {options.map((option) => (
          <label key={option.id} className="check">
            <input
              type="checkbox"
              checked={selected.includes(option.id)}
              onChange={(e) => toggle(option.id, e.target.checked)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
