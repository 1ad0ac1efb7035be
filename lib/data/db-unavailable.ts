// Errors that mean "the database cannot be reached right now" (server down or restarting, a
// connection killed, the pool unable to connect in time), as opposed to a bad query. Requests
// that meet one answer 503 with a clear message instead of a generic 500; the pool replaces
// broken connections by itself, so the next request after the server returns succeeds.

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** SQLSTATEs of a server shutting down, refusing connections, or out of connection slots; class 08 is connection exceptions. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|the database system is (starting up|shutting down)/i;

/** Why the database is unreachable, when `err` (or an error it wraps) says so; else null. */
export function databaseUnavailableReason(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || MESSAGES.test(message)) {
      return message || code;
    }
    current = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return null;
}

/** The message a 503 carries. */
export function databaseUnavailableMessage(reason: string): string {
  return `The database is unavailable (${reason}). Try again in a few seconds.`;
}
