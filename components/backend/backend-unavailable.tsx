/** Shown in place of a backend page's content when the backend API could not be reached or answered with an error. */
export function BackendUnavailableNotice({ message }: { message: string }) {
  return (
    <p role="alert" className="card p-3 text-red-700 dark:text-red-400">
      The backend could not be asked: {message}
    </p>
  );
}
