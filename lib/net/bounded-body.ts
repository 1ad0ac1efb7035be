import { envPositiveInt } from './bounded-request';

// Request bodies are read through here and nowhere else: the declared Content-Length is checked
// first, then the stream is read chunk by chunk and abandoned as soon as it passes the limit, so
// a 100 MB upload costs at most the limit in memory, never the upload. The limit depends on who
// may send the body: unauthenticated routes (the backend's register-key, login) get a small one,
// authenticated API calls the configurable PROXBOX_MAX_BODY_BYTES.

/** Bodies of routes anyone can call without credentials. */
export const UNAUTHENTICATED_BODY_BYTES = 16 * 1024;
/** Default limit of authenticated API bodies (bulk writes of a few thousand objects fit). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The limit of authenticated API bodies: PROXBOX_MAX_BODY_BYTES, else 10 MiB. */
export function maxBodyBytes(): number {
  return envPositiveInt('PROXBOX_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES);
}

/** A body over its limit: answered with 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body too large: the limit is ${limit} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

const limits = new WeakMap<Request, number>();

/** Sets the limit later reads of this request's body use (route wrappers call it before the handler). */
export function setBodyLimit(req: Request, bytes: number): void {
  limits.set(req, bytes);
}

/** The limit for `req`: what its route wrapper set, else the authenticated API limit. */
export function bodyLimitOf(req: Request): number {
  return limits.get(req) ?? maxBodyBytes();
}

/** Throws BodyTooLargeError when the declared Content-Length is over `limit` (nothing is read). */
export function checkDeclaredLength(headers: Headers, limit: number): void {
  const declared = headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit)
    throw new BodyTooLargeError(limit);
}

/** The body as bytes, at most `limit` of them; stops reading and throws BodyTooLargeError past it. */
export async function readBodyBytes(req: Request, limit: number = bodyLimitOf(req)): Promise<Buffer> {
  checkDeclaredLength(req.headers, limit);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Cancelling releases the source: the rest of the upload is never buffered.
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** The body as UTF-8 text, bounded like readBodyBytes. */
export async function readBodyText(req: Request, limit: number = bodyLimitOf(req)): Promise<string> {
  return (await readBodyBytes(req, limit)).toString('utf8');
}
