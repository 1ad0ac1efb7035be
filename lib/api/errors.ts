import { AppError } from '@/lib/data/errors';
import type { ModelDefinition } from '@/lib/models/define-model';
import { apiNameOf, schemaName } from './specs';
import { databaseUnavailableMessage, databaseUnavailableReason } from '@/lib/data/db-unavailable';
import { StreamLimitError } from '@/lib/sync/jobs/event-stream';

// One place that turns errors into NetBox's bodies and status codes:
// 400 `{"<api field>": ["…"], "non_field_errors": […]}`, 403/404/405/409/429 `{"detail": "…"}`.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      typeof body === 'object' && body !== null && 'detail' in body
        ? String((body as { detail: unknown }).detail)
        : `HTTP ${status}`,
    );
    this.name = 'ApiError';
  }
}

export const detail = (status: number, message: string, headers?: Record<string, string>) =>
  new ApiError(status, { detail: message }, headers);

/**
 * Every 429 of the API, the backend API and /metrics: `{"detail"}` with Retry-After in whole
 * seconds (at least 1, so a client never retries at once).
 */
export function tooManyRequests(message: string, retryAfterSeconds: number): ApiError {
  return detail(429, message, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
}

/** The 429 of an address locked out by failed authentications (lib/auth/lockout.ts). */
export function lockedOut(retryAfterSeconds: number): ApiError {
  return tooManyRequests(
    `Too many failed authentication attempts. Try again in ${retryAfterSeconds} seconds.`,
    retryAfterSeconds,
  );
}

/** The 429 of a stream refused for want of a slot; slots free up when a follower disconnects. */
export function streamLimited(err: StreamLimitError): ApiError {
  return tooManyRequests(err.message, 10);
}

export const NOT_PROVIDED = 'Authentication credentials were not provided.';
export const NO_PERMISSION = 'You do not have permission to perform this action.';

export function methodNotAllowed(method: string, allow: string[]): ApiError {
  return detail(405, `Method "${method}" not allowed.`, { Allow: allow.join(', ') });
}

export function objectNotFound(model: ModelDefinition): ApiError {
  return detail(404, `No ${schemaName(model)} matches the given query.`);
}

/** DAL field errors (keyed by field key) → NetBox's body keyed by API name. */
export function fieldErrorBody(model: ModelDefinition, errors: Record<string, string[]>): Record<string, string[]> {
  const body: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) (body[apiNameOf(model, key)] ??= []).push(...messages);
  return body;
}

/**
 * The NetBox body of a data-layer error. Validation errors without field details become
 * `non_field_errors`; forbidden (e.g. sync-owned model) is 403; blocked deletes are 409.
 */
export function appErrorToApi(model: ModelDefinition | null, err: AppError): ApiError {
  switch (err.code) {
    case 'validation': {
      const errors = Object.keys(err.fieldErrors).length > 0 ? err.fieldErrors : { nonFieldErrors: [err.message] };
      return new ApiError(400, model ? fieldErrorBody(model, errors) : errors);
    }
    case 'not_found':
      return model ? objectNotFound(model) : detail(404, 'Not found.');
    case 'conflict':
      return detail(409, err.message);
    case 'forbidden':
      return detail(403, err.message);
    case 'unauthenticated':
      return detail(403, NOT_PROVIDED);
  }
}

/** Whatever was thrown → ApiError (unexpected errors become NetBox's 500 body, logged with the request id). */
export function toApiError(model: ModelDefinition | null, err: unknown, requestId: string): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof AppError) return appErrorToApi(model, err);
  if (err instanceof StreamLimitError) return streamLimited(err);
  const unavailable = databaseUnavailableReason(err);
  if (unavailable) {
    console.error(`API request ${requestId}: database unavailable: ${unavailable}`);
    return detail(503, databaseUnavailableMessage(unavailable), { 'Retry-After': '5' });
  }
  console.error(`API request ${requestId} failed:`, err);
  return new ApiError(500, {
    error: 'An unexpected error occurred; see the server log for this request id.',
    exception: err instanceof Error ? err.name : 'Error',
    request_id: requestId,
  });
}
