interface FormErrorsProps {
  formError: string | undefined;
  /** Messages not tied to a rendered input: cross-field rules and fields the form does not show. */
  messages: string[];
}

export function FormErrors({ formError, messages }: FormErrorsProps) {
  if (!formError && messages.length === 0) return null;
  return (
    <div
      role="alert"
      className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200"
    >
      {formError && <p className="font-medium">{formError}</p>}
      {messages.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
