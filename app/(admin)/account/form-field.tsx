import { useId } from 'react';

interface FormFieldProps {
  label: string;
  name: string;
  type?: 'text' | 'password';
  autoComplete?: string;
  defaultValue?: string;
  hint?: string;
  errors?: string[];
}

/** A labelled input with its hint and error messages wired up for assistive technology. */
export function FormField({ label, name, type = 'text', autoComplete, defaultValue, hint, errors }: FormFieldProps) {
  const id = useId();
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        className="input w-full"
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy || undefined}
        {...(type === 'text' ? { autoCapitalize: 'none', spellCheck: false } : {})}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {invalid && (
        <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
          {errors?.join(' ')}
        </p>
      )}
    </div>
  );
}

/** The form-level error or success line under a form's fields. */
export function FormNotice({ error, message }: { error?: string; message?: string }) {
  if (error) {
    return (
      <p role="alert" className="text-sm text-red-600 dark:text-red-400">
        {error}
      </p>
    );
  }
  if (message) {
    return (
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
        {message}
      </p>
    );
  }
  return null;
}
