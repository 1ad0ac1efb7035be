import http from 'node:http';
import https from 'node:https';
import { assertHostAllowed, guardedLookup, isSsrfBlockedError, type AddressPolicy, type Resolver } from './ssrf-guard';

// One outbound HTTP(S) request with everything a hostile or broken server could abuse bounded:
// the target is checked by the SSRF guard (after DNS resolution, on the address actually
// connected to), the WHOLE exchange has one deadline (a server dripping a byte a second is cut
// off, not only an idle one), and the answer is cut off past `maxBytes`. Redirects are not
// followed: a 3xx comes back to the caller as a status, so a redirect can never lead past the guard.

/** The cause of a request that got no complete answer. */
export type OutboundErrorKind = 'network' | 'timeout' | 'too_large' | 'blocked';

/** A request that got no complete answer: refused by the guard, a socket/TLS error, the deadline, or an oversized body. */
export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundErrorKind,
    readonly code: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

export interface BoundedRequest {
  url: URL;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A keep-alive agent; when absent a one-shot connection is made with `tls` options. */
  agent?: http.Agent;
  /** TLS options of a one-shot https connection (ignored with an agent, which has its own). */
  tls?: { rejectUnauthorized: boolean; ca?: string[] };
  /** The SSRF policy the target must pass. */
  policy: AddressPolicy;
  /** Name resolution (tests inject one); the system resolver by default. */
  resolver?: Resolver;
  /** Deadline of the whole exchange, from sending to the last byte of the answer. */
  timeoutMs: number;
  /** Answers longer than this are cut off with `too_large`. */
  maxBytes: number;
}

export interface BoundedResponse {
  status: number;
  /** HTTP reason phrase. */
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  contentType: string;
  body: Buffer;
}

/** The error code of a socket error; Node's happy-eyeballs connect wraps several in an AggregateError. */
export function errorCode(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return null;
}

function blockedCause(error: unknown): Error | null {
  if (isSsrfBlockedError(error)) return error;
  if (error instanceof AggregateError) return error.errors.map(blockedCause).find((e) => e !== null) ?? null;
  if (error instanceof Error && error.cause) return blockedCause(error.cause);
  return null;
}

/** Methods a server may receive twice with the same effect (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Socket errors of a kept-alive connection the server closed while it sat idle in the pool. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Timers firing later than this mean the thread was busy (a long synchronous step, such as one of
 * the embedded database's statements), not that the server was slow.
 */
const LATE_TIMER_MS = 50;

/** Sends one request and resolves with the full answer (any status); rejects only with an OutboundError. */
export function sendBounded(request: BoundedRequest): Promise<BoundedResponse> {
  const { url, timeoutMs, maxBytes } = request;
  const transport = url.protocol === 'https:' ? https : http;
  const method = request.method ?? 'GET';
  return new Promise<BoundedResponse>((resolve, reject) => {
    try {
      assertHostAllowed(url.hostname, request.policy);
    } catch (error) {
      reject(new OutboundError('blocked', 'ESSRFBLOCKED', (error as Error).message, { cause: error }));
      return;
    }
    let settled = false;
    let req: http.ClientRequest | undefined;
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: OutboundError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
      req?.destroy();
    };
    // The deadline counts the time this thread could serve the exchange. When the thread was busy
    // past it (a long synchronous step, e.g. the embedded database's), the timer fires late: the
    // request may not even have been written yet, so the deadline moves on by the time lost, and
    // the verdict waits one more turn of the event loop, so that an answer already waiting in the
    // socket is read first instead of being thrown away as a timeout.
    const arm = (ms: number) => {
      const due = Date.now() + ms;
      timer = setTimeout(() => {
        const late = Date.now() - due;
        if (late > LATE_TIMER_MS) return arm(late);
        setImmediate(() => fail(new OutboundError('timeout', null, `no complete answer within ${timeoutMs} ms`)));
      }, ms);
    };
    arm(timeoutMs);
    let retried = false;
    const onError = (error: unknown, sent?: http.ClientRequest) => {
      const blocked = blockedCause(error);
      if (blocked) {
        fail(new OutboundError('blocked', 'ESSRFBLOCKED', blocked.message, { cause: blocked }));
        return;
      }
      const code = errorCode(error);
      // A kept-alive connection the server had closed while it sat in the pool (its idle timeout
      // passed while this thread was busy): the request never reached a live connection. Sent
      // again once, on another connection, when sending it twice could do no harm.
      if (
        !settled &&
        !retried &&
        sent?.reusedSocket &&
        code &&
        STALE_SOCKET_CODES.has(code) &&
        IDEMPOTENT.has(method)
      ) {
        retried = true;
        send();
        return;
      }
      fail(
        new OutboundError('network', code, code ?? (error instanceof Error ? error.message : 'network error'), {
          cause: error,
        }),
      );
    };
    const options: https.RequestOptions = {
      method,
      headers: request.headers,
      lookup: guardedLookup(request.policy, request.resolver),
    };
    if (request.agent) {
      options.agent = request.agent;
    } else {
      options.agent = false;
      if (request.tls)
        Object.assign(options, { rejectUnauthorized: request.tls.rejectUnauthorized, ca: request.tls.ca });
    }
    const send = () => {
      let sent: http.ClientRequest;
      let answered = false;
      try {
        sent = transport.request(url, options, (res) => {
          answered = true;
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > maxBytes) {
            fail(
              new OutboundError('too_large', null, `answer larger than ${maxBytes} bytes (Content-Length ${declared})`),
            );
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              fail(new OutboundError('too_large', null, `answer larger than ${maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', (error) => onError(error));
          res.on('close', () => {
            if (!res.complete)
              onError(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }));
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({
              status: res.statusCode ?? 0,
              statusMessage: res.statusMessage ?? '',
              headers: res.headers,
              contentType: String(res.headers['content-type'] ?? ''),
              body: Buffer.concat(chunks),
            });
          });
        });
      } catch (error) {
        onError(error);
        return;
      }
      req = sent;
      // Only an error before any answer is a stale connection; one mid-answer is the server's.
      sent.on('error', (error) => onError(error, answered ? undefined : sent));
      sent.end(request.body);
    };
    send();
  });
}

/** A positive integer from the environment, else `fallback` (a bad value is reported once and ignored). */
export function envPositiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  if (!warned.has(name)) {
    warned.add(name);
    console.warn(`${name}: ignoring "${raw}" (not a positive integer); using ${fallback}`);
  }
  return fallback;
}
const warned = new Set<string>();
