// One closed set of error codes for the data layer; pages, actions and route handlers map them
// to their transport (field errors in forms, NetBox's bodies and status codes in the API).

export type AppErrorCode = 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'unauthenticated';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Per-field messages; `nonFieldErrors` holds rules that span fields (NetBox's key). */
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (label: string) => new AppError('not_found', `No ${label} matches the given query.`);

export function validationError(fieldErrors: Record<string, string[]>): AppError {
  const first = Object.entries(fieldErrors)[0];
  const summary = first ? `${first[0]}: ${first[1][0]}` : 'Invalid input';
  return new AppError('validation', summary, fieldErrors);
}
