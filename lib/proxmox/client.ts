// The Proxmox VE API client: the only place with URLs, the token header, TLS options, timeouts,
// retries and the per-client concurrency bound. Read-only: it sends GETs.
import type http from 'node:http';
import type { z } from 'zod';
import { classifyStatus, classifyTransportError, type Failure, type RequestContext } from './http/classify';
import { decodeData, decodeEnvelope, errorBody } from './http/decode';
import { assertApiPath, buildQuery, hostPort, normalizeBaseUrl, type ProxmoxQuery } from './http/path';
import { backoffDelay, RequestQueue, sleep } from './http/queue';
import { DEFAULT_POLICY, type AddressPolicy, type Resolver } from '@/lib/net/ssrf-guard';
import { createAgent, sendGet, TransportError, type RawResponse } from './http/transport';
import { TicketSession, type Ticket } from './ticket-session';

export { pvePath, type ProxmoxQuery } from './http/path';
export { ProxmoxError, isGuestAgentUnavailable, type ProxmoxErrorCategory } from './errors';

export interface ProxmoxClientOptions {
  /** `https://pve1.example.com:8006`, without `/api2/json` (a trailing one is tolerated). */
  baseUrl: string;
  /** `user@realm!tokenname`, e.g. `root@pam!proxbox`, with its secret; or `login` instead. */
  tokenId?: string;
  tokenSecret?: string;
  /** Password login (Proxmox tickets) for an endpoint without an API token: `user@realm` and password. */
  login?: { username: string; password: string };
  /** Epoch ms, deciding when a ticket is renewed; default Date.now. */
  now?: () => number;
  /** false accepts any certificate (PVE's self-signed default). */
  verifySsl: boolean;
  /** PEM of a CA to trust in addition to the system roots when verifySsl is on. */
  caCertificate?: string;
  /** Deadline per HTTP attempt, default 5000. */
  timeoutMs?: number;
  /** Extra attempts after connection errors, timeouts, 500 (not "does not exist"), 502, 503, 504; default 2. */
  retries?: number;
  /** Base of the exponential backoff with jitter, default 300. */
  retryBackoffMs?: number;
  /** Most requests in flight for this client; the rest wait in FIFO order. Default 8. */
  concurrency?: number;
  /** Which addresses may be contacted (the settings' SSRF policy); the built-in default when absent. */
  addressPolicy?: AddressPolicy;
  /** Name resolution for the SSRF check and the connection (tests); the system resolver by default. */
  resolver?: Resolver;
}

export interface ProxmoxPage<T> {
  data: T;
  /** The envelope's `total` (task lists and logs); null when absent, which PVE does for 0. */
  total: number | null;
}

type Attempt = { ok: true; response: RawResponse } | { ok: false; failure: Failure; rejectedTicket?: Ticket };

const REDACTED = '[redacted]';
const MIN_REDACTED_LENGTH = 8;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function checkInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/** A client for one Proxmox VE API endpoint (one cluster or standalone node). */
export class ProxmoxClient {
  readonly #baseUrl: URL;
  readonly #host: string;
  readonly #headers: Record<string, string>;
  readonly #secret: string;
  readonly #agent: http.Agent;
  readonly #session: TicketSession | null;
  readonly #queue: RequestQueue;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #backoffMs: number;
  readonly #policy: AddressPolicy;
  readonly #resolver: Resolver | undefined;
  #requestCount = 0;
  #closed = false;

  constructor(options: ProxmoxClientOptions) {
    const secret = options.login ? options.login.password : options.tokenSecret;
    const principal = options.login ? options.login.username : options.tokenId;
    if (principal === undefined || secret === undefined)
      throw new TypeError('a token (tokenId, tokenSecret) or a login (username, password) is required');
    if (CONTROL_CHARS.test(principal) || (!options.login && CONTROL_CHARS.test(secret))) {
      throw new TypeError('tokenId and tokenSecret must not contain control characters');
    }
    this.#baseUrl = normalizeBaseUrl(options.baseUrl);
    this.#host = hostPort(this.#baseUrl);
    this.#secret = secret;
    this.#headers = {
      ...(options.login ? {} : { Authorization: `PVEAPIToken=${options.tokenId}=${options.tokenSecret}` }),
      Accept: 'application/json',
      'User-Agent': 'proxbox',
    };
    this.#timeoutMs = checkInteger('timeoutMs', options.timeoutMs ?? 5000, 1);
    this.#retries = checkInteger('retries', options.retries ?? 2, 0);
    this.#backoffMs = checkInteger('retryBackoffMs', options.retryBackoffMs ?? 300, 0);
    const concurrency = checkInteger('concurrency', options.concurrency ?? 8, 1);
    this.#policy = options.addressPolicy ?? DEFAULT_POLICY;
    this.#resolver = options.resolver;
    this.#queue = new RequestQueue(concurrency);
    this.#agent = createAgent({
      secure: this.#baseUrl.protocol === 'https:',
      verifySsl: options.verifySsl,
      caCertificate: options.caCertificate,
      maxSockets: concurrency,
    });
    this.#session = options.login
      ? new TicketSession({
          baseUrl: this.#baseUrl,
          agent: this.#agent,
          username: options.login.username,
          password: options.login.password,
          timeoutMs: this.#timeoutMs,
          now: options.now ?? Date.now,
          policy: this.#policy,
          resolver: this.#resolver,
          ctx: { host: this.#host, timeoutMs: this.#timeoutMs, redact: (text) => this.#redact(text) },
        })
      : null;
  }

  /** Ticket logins sent (0 with a token). */
  get loginCount(): number {
    return this.#session?.logins ?? 0;
  }

  /** HTTP requests actually sent, retries and ticket logins included. */
  get requestCount(): number {
    return this.#requestCount + this.loginCount;
  }

  /** GET /api2/json{path}, unwraps `data` and parses it with `schema`; throws ProxmoxError. */
  async get<T>(path: string, schema: z.ZodType<T>, query?: ProxmoxQuery): Promise<T> {
    return (await this.getPage(path, schema, query)).data;
  }

  /** Like `get`, also returning the envelope's `total` (paged task lists and logs). */
  async getPage<T>(path: string, schema: z.ZodType<T>, query?: ProxmoxQuery): Promise<ProxmoxPage<T>> {
    assertApiPath(path);
    if (this.#closed) throw new Error('ProxmoxClient is closed');
    const ctx: RequestContext = {
      path,
      host: this.#host,
      timeoutMs: this.#timeoutMs,
      redact: (text) => this.#redact(text),
    };
    const prefix = this.#baseUrl.pathname.replace(/\/+$/, '');
    const url = new URL(`${prefix}/api2/json${path}${buildQuery(query)}`, this.#baseUrl.origin);
    const response = await this.#fetchWithRetries(url, ctx);
    const envelope = decodeEnvelope(response, ctx);
    return { data: decodeData(envelope.data, schema, ctx), total: envelope.total ?? null };
  }

  /** Destroys the keep-alive sockets; later calls throw. */
  close(): void {
    this.#closed = true;
    this.#agent.destroy();
  }

  async #fetchWithRetries(url: URL, ctx: RequestContext): Promise<RawResponse> {
    let relogged = false;
    for (let attempt = 0; ; attempt++) {
      const result = await this.#queue.run(() => this.#attempt(url, ctx));
      if (result.ok) return result.response;
      // A ticket refused before its expiry (the node's key rotated, a restored node): log in again
      // once and repeat the request; a second refusal is an authentication error.
      if (result.rejectedTicket && !relogged && this.#session) {
        relogged = true;
        this.#session.reject(result.rejectedTicket);
        attempt--;
        continue;
      }
      const { error, retryable } = result.failure;
      if (!retryable || attempt >= this.#retries || this.#closed) throw error;
      // The slot is released while waiting, so a retry does not hold up other requests.
      await sleep(backoffDelay(attempt, this.#backoffMs));
    }
  }

  async #attempt(url: URL, ctx: RequestContext): Promise<Attempt> {
    const auth = this.#session ? await this.#session.headers('GET') : null;
    this.#requestCount++;
    try {
      const response = await sendGet({
        url,
        agent: this.#agent,
        headers: auth ? { ...this.#headers, ...auth.headers } : this.#headers,
        timeoutMs: this.#timeoutMs,
        policy: this.#policy,
        resolver: this.#resolver,
      });
      if (response.status >= 200 && response.status < 300) return { ok: true, response };
      const failure = classifyStatus(response, ctx, errorBody(response));
      return response.status === 401 && auth
        ? { ok: false, failure, rejectedTicket: auth.ticket }
        : { ok: false, failure };
    } catch (error) {
      if (error instanceof TransportError) {
        // A refused target was never contacted.
        if (error.kind === 'blocked') this.#requestCount--;
        return { ok: false, failure: classifyTransportError(error, ctx) };
      }
      throw error;
    }
  }

  /** PVE secrets are UUIDs; shorter ones (test setups) would garble ordinary words if cut out. */
  #redact(text: string): string {
    return this.#secret.length >= MIN_REDACTED_LENGTH ? text.split(this.#secret).join(REDACTED) : text;
  }
}
