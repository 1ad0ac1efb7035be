// One HTTP GET over node:http/node:https with a keep-alive agent, a whole-request deadline and
// a body size cap. It knows nothing about Proxmox semantics; classify.ts turns results into errors.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

/** Answers bigger than this are cut off; the largest real bodies (task lists, resources) are far smaller. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RawResponse {
  status: number;
  /** HTTP reason phrase; PVE < 8.4 puts its error text only here. */
  statusMessage: string;
  contentType: string;
  body: string;
}

/** A request that got no complete answer: a socket/TLS error, a timeout or an oversized body. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'network' | 'timeout' | 'too_large',
    readonly code: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

export interface AgentOptions {
  secure: boolean;
  verifySsl: boolean;
  caCertificate?: string;
  maxSockets: number;
}

/** Keep-alive agent for one client; with a CA, the system roots stay trusted as well. */
export function createAgent(options: AgentOptions): http.Agent {
  const common = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'fifo' as const };
  if (!options.secure) return new http.Agent(common);
  return new https.Agent({
    ...common,
    rejectUnauthorized: options.verifySsl,
    ca: options.verifySsl && options.caCertificate ? [...tls.rootCertificates, options.caCertificate] : undefined,
  });
}

/** The error code of a socket error; Node's happy-eyeballs connect wraps several in an AggregateError. */
function errorCode(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return null;
}

export interface GetRequest {
  url: URL;
  agent: http.Agent;
  headers: Record<string, string>;
  timeoutMs: number;
  /** GET unless given; the only POST is the ticket login (form body). */
  method?: 'GET' | 'POST';
  body?: string;
}

/** Sends one GET and resolves with the full answer (any status); rejects only with a TransportError. */
export function sendGet(request: GetRequest): Promise<RawResponse> {
  const { url, agent, headers, timeoutMs } = request;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    let req: http.ClientRequest | undefined;
    const fail = (error: TransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
      req?.destroy();
    };
    const timer = setTimeout(() => {
      fail(new TransportError('timeout', null, `no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onError = (error: unknown) => {
      const code = errorCode(error);
      fail(new TransportError('network', code, code ?? (error instanceof Error ? error.message : 'network error'), { cause: error }));
    };
    try {
      req = transport.request(url, { method: request.method ?? 'GET', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            fail(new TransportError('too_large', null, `answer larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', onError);
        res.on('close', () => {
          if (!res.complete) onError(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }));
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
    } catch (error) {
      onError(error);
      return;
    }
    req.on('error', onError);
    req.end(request.body);
  });
}
