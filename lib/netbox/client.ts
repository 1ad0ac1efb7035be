// The NetBox REST client of the push: token auth (v1 `Token`, v2 `Bearer nbt_<key>.<secret>`),
// TLS per endpoint, a bound on requests in flight, per-request deadline and size cap, retries
// for idempotent requests only, paged bulk reads and batched bulk writes.
import type http from 'node:http';
import { createHash } from 'node:crypto';
import { RequestQueue, backoffDelay, sleep } from '@/lib/proxmox/http/queue';
import { createAgent } from '@/lib/net/agent';
import { OutboundError } from '@/lib/net/bounded-request';
import { sendRequest } from './http';
import { NetboxError, describeErrorBody, type NetboxErrorCategory } from './errors';
import { DEFAULT_POLICY, SSRF_SUGGESTION, type AddressPolicy } from '@/lib/net/ssrf-guard';

export type NetboxToken = { version: 'v1'; token: string } | { version: 'v2'; key: string; secret: string };

export interface NetboxClientOptions {
  /** `https://netbox.example.com:443` (no trailing /api). */
  baseUrl: string;
  token: NetboxToken;
  verifySsl: boolean;
  caCertificate?: string | null;
  maxConcurrent: number;
  maxRetries: number;
  retryDelayMs: number;
  timeoutMs: number;
  batchSize: number;
  batchDelayMs: number;
  /** Pause after writing custom field definitions (NetBox rebuilds its filters on each). */
  customFieldsDelayMs: number;
  /** Cap on one answer's size. */
  maxBytes?: number;
  /** Which addresses may be contacted (the settings' SSRF policy); the safe default when absent. */
  policy?: AddressPolicy;
}

/** A NetBox object as read: `id` plus whatever the serializer returns. */
export type NetboxObject = { id: number } & Record<string, unknown>;

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
]);
const TLS_UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|INVALID_CA|ALTNAME/;
const PAGE = 1000;

export function authorizationHeader(token: NetboxToken): string {
  return token.version === 'v1'
    ? `Token ${token.token}`
    : `Bearer ${token.key.startsWith('nbt_') ? token.key : `nbt_${token.key}`}.${token.secret}`;
}

/** Identifies a (URL, token) pair without holding the token, for caches. */
export function clientFingerprint(options: Pick<NetboxClientOptions, 'baseUrl' | 'token'>): string {
  return createHash('sha256')
    .update(options.baseUrl)
    .update('\0')
    .update(authorizationHeader(options.token))
    .digest('hex')
    .slice(0, 32);
}

/** What a refusal other than 401/403 means, and what the admin can do about it. */
const OTHER_REFUSALS: Record<number, { category: NetboxErrorCategory; suggestion: string }> = {
  404: {
    category: 'not_found',
    suggestion: 'The object is gone from NetBox, or the address does not point at the NetBox API.',
  },
  409: { category: 'conflict', suggestion: 'Other NetBox objects still depend on it; remove them first.' },
  400: { category: 'validation', suggestion: 'NetBox refused the values; see the message for the field.' },
};
const INTERNAL_FAILURE = {
  category: 'internal' as const,
  suggestion: 'NetBox failed; check its log. The next push retries.',
};

export class NetboxClient {
  readonly #agent: http.Agent;
  readonly #queue: RequestQueue;
  readonly #auth: string;
  readonly #secrets: string[];
  readonly base: URL;
  /** Requests sent (retries included) and how many of them were writes. */
  requests = 0;
  writes = 0;

  constructor(readonly options: NetboxClientOptions) {
    this.base = new URL(options.baseUrl);
    this.#agent = createAgent({
      secure: this.base.protocol === 'https:',
      verifySsl: options.verifySsl,
      caCertificate: options.caCertificate ?? undefined,
      maxSockets: options.maxConcurrent,
    });
    this.#queue = new RequestQueue(Math.max(1, options.maxConcurrent));
    this.#auth = authorizationHeader(options.token);
    this.#secrets = (options.token.version === 'v1' ? [options.token.token] : [options.token.secret]).filter(
      (s) => s.length >= 4,
    );
  }

  get tokenVersion(): 'v1' | 'v2' {
    return this.options.token.version;
  }

  close(): void {
    this.#agent.destroy();
  }

  #redact(text: string): string {
    return this.#secrets.reduce((t, s) => t.split(s).join('***'), text);
  }

  #error(
    method: string,
    path: string,
    status: number | null,
    body: unknown,
    cause?: unknown,
    transport?: OutboundError,
  ): NetboxError {
    const host = this.base.host;
    const where = `${method} ${path}`;
    if (transport) {
      const code = transport.code ?? '';
      if (transport.kind === 'blocked')
        return new NetboxError({
          category: 'connection',
          status: null,
          method,
          path,
          message: `${where}: refused to contact NetBox at ${host}: ${transport.message}`,
          suggestion: SSRF_SUGGESTION,
          cause,
        });
      if (transport.kind === 'timeout')
        return new NetboxError({
          category: 'timeout',
          status: null,
          method,
          path,
          message: `${where}: no answer from ${host} within ${this.options.timeoutMs} ms`,
          suggestion: `NetBox at ${host} answers too slowly: check its load, or lower netbox_max_concurrent.`,
          cause,
        });
      if (transport.kind === 'too_large')
        return new NetboxError({
          category: 'internal',
          status: null,
          method,
          path,
          message: `${where}: ${transport.message}`,
          suggestion: 'Check that the address points at the NetBox API.',
          cause,
        });
      if (TLS_UNTRUSTED.test(code))
        return new NetboxError({
          category: 'connection',
          status: null,
          method,
          path,
          message: `${where}: the TLS certificate of ${host} is not trusted (${code})`,
          suggestion: 'Add the CA certificate to the NetBox endpoint, or turn off Verify SSL.',
          cause,
        });
      if (/^(EPROTO|ERR_SSL_|HPE_)/.test(code))
        return new NetboxError({
          category: 'connection',
          status: null,
          method,
          path,
          message: `${where}: ${host} did not answer with the expected protocol (${code})`,
          suggestion: 'Check Use HTTPS and the port of the NetBox endpoint.',
          cause,
        });
      const reason =
        code === 'ENOTFOUND'
          ? 'host name not found'
          : code === 'ECONNREFUSED'
            ? 'connection refused'
            : code || transport.message;
      return new NetboxError({
        category: 'connection',
        status: null,
        method,
        path,
        message: `${where}: cannot reach NetBox at ${host} (${reason})`,
        suggestion: `Check the address, port and Use HTTPS of the NetBox endpoint, and that NetBox runs.`,
        cause,
      });
    }
    const text = this.#redact(describeErrorBody(body));
    const message = `${where}: HTTP ${status}${text ? `: ${text}` : ''}`;
    if (status === 403 && /token|credentials|authorization header|user inactive/i.test(text)) {
      return new NetboxError({
        category: 'authentication',
        status,
        method,
        path,
        body,
        message: `NetBox refused the ${this.tokenVersion} token (${text || 'HTTP 403'})`,
        suggestion:
          this.tokenVersion === 'v1'
            ? 'Check the v1 token (40 characters) of the NetBox endpoint, or switch to a v2 token (key and secret) if NetBox issued one.'
            : 'Check the v2 token key (nbt_…) and secret of the NetBox endpoint; a v2 token needs NetBox 4.5 or newer.',
      });
    }
    if (status === 403)
      return new NetboxError({
        category: 'permission',
        status,
        method,
        path,
        body,
        message: `${message} (${this.tokenVersion} token)`,
        suggestion:
          "Give the token's user write permission for this object type, and make sure the token is write-enabled.",
      });
    if (status === 401)
      return new NetboxError({
        category: 'authentication',
        status,
        method,
        path,
        body,
        message: `NetBox refused the ${this.tokenVersion} token (HTTP 401)`,
        suggestion: 'Check the token of the NetBox endpoint.',
      });
    const { category, suggestion } = (status !== null && OTHER_REFUSALS[status]) || INTERNAL_FAILURE;
    return new NetboxError({ category, status, method, path, body, message, suggestion });
  }

  /**
   * One request with retries: only GETs and PATCH/DELETE (by id or with ids in the body) are
   * retried; a POST is sent once, because its first attempt may have created the objects.
   */
  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.base);
    const idempotent = method !== 'POST';
    const headers: Record<string, string> = { authorization: this.#auth, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const payload = body === undefined ? undefined : JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      let failure: NetboxError;
      let retryable = false;
      try {
        const res = await this.#queue.run(() => {
          this.requests += 1;
          if (method !== 'GET') this.writes += 1;
          return sendRequest({
            method,
            url,
            agent: this.#agent,
            headers,
            body: payload,
            timeoutMs: this.options.timeoutMs,
            maxBytes: this.options.maxBytes,
            policy: this.options.policy ?? DEFAULT_POLICY,
          });
        });
        if (res.status >= 200 && res.status < 300) {
          if (res.status === 204 || res.body.length === 0) return undefined as T;
          try {
            return JSON.parse(res.body) as T;
          } catch (cause) {
            throw new NetboxError({
              category: 'internal',
              status: res.status,
              method,
              path: url.pathname,
              message: `${method} ${url.pathname}: the answer is not JSON`,
              suggestion: 'Check that the address points at the NetBox API (not a login page or proxy).',
              cause,
            });
          }
        }
        let parsed: unknown = res.body;
        try {
          parsed = JSON.parse(res.body);
        } catch {
          parsed = res.statusMessage || res.body.slice(0, 200);
        }
        failure = this.#error(method, url.pathname, res.status, parsed);
        retryable = RETRYABLE_STATUS.has(res.status);
      } catch (error) {
        if (error instanceof NetboxError) throw error;
        if (!(error instanceof OutboundError)) throw error;
        failure = this.#error(method, url.pathname, null, null, error, error);
        retryable = error.kind === 'timeout' || (error.code !== null && RETRYABLE_NETWORK.has(error.code));
      }
      if (!idempotent || !retryable || attempt >= this.options.maxRetries) throw failure;
      await sleep(backoffDelay(attempt, this.options.retryDelayMs));
    }
  }

  /** `/api/status/`: the NetBox version (and a first check of address and token). */
  async status(): Promise<{ version: string; raw: Record<string, unknown> }> {
    const raw = await this.request<Record<string, unknown>>('GET', '/api/status/');
    const version = String(raw?.['netbox-version'] ?? '');
    if (!version)
      throw new NetboxError({
        category: 'internal',
        status: 200,
        method: 'GET',
        path: '/api/status/',
        message: '/api/status/ did not report a netbox-version',
        suggestion: 'Check that the address points at a NetBox 4.x API.',
      });
    return { version, raw };
  }

  /** Every object of a list matching `query`, in pages of 1000 (NetBox's maximum). */
  async list(type: string, query: Record<string, string | number | (string | number)[]> = {}): Promise<NetboxObject[]> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
    params.set('limit', String(PAGE));
    const out: NetboxObject[] = [];
    for (let offset = 0; ; offset += PAGE) {
      params.set('offset', String(offset));
      const page = await this.request<{ count: number; results: NetboxObject[]; next: string | null }>(
        'GET',
        `/api/${type}/?${params}`,
      );
      out.push(...page.results);
      if (!page.next || page.results.length === 0) return out;
    }
  }

  /**
   * Reads the objects of `type` whose `filter` is one of `values`, a bounded number of values
   * per request (repeated parameters are OR in NetBox).
   */
  async listWhereIn(
    type: string,
    filter: string,
    values: (string | number)[],
    extra: Record<string, string | number> = {},
    chunk = 100,
  ): Promise<NetboxObject[]> {
    const unique = [...new Set(values)];
    const parts: (string | number)[][] = [];
    for (let i = 0; i < unique.length; i += chunk) parts.push(unique.slice(i, i + chunk));
    const pages = await Promise.all(parts.map((part) => this.list(type, { ...extra, [filter]: part })));
    return pages.flat();
  }

  async #batches<T, R>(items: T[], send: (batch: T[]) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
    const size = Math.max(1, this.options.batchSize);
    const batches: T[][] = [];
    for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
    if (this.options.batchDelayMs <= 0) return Promise.allSettled(batches.map(send));
    const out: PromiseSettledResult<R>[] = [];
    for (let i = 0; i < batches.length; i++) {
      if (i > 0) await sleep(this.options.batchDelayMs);
      out.push(...(await Promise.allSettled([send(batches[i])])));
    }
    return out;
  }

  /**
   * Bulk create in batches. NetBox creates a batch all or nothing; a batch it refuses (400) is
   * sent again one object at a time so that only the bad objects fail. Returns, per body, the
   * created object or the error.
   */
  createMany(type: string, bodies: Record<string, unknown>[]): Promise<(NetboxObject | NetboxError)[]> {
    return this.#writeMany('POST', type, bodies, (body) => this.request<NetboxObject>('POST', `/api/${type}/`, body));
  }

  /** Bulk PATCH (`[{id, …}]`) in batches, with the same one-by-one fallback for a refused batch. */
  updateMany(
    type: string,
    bodies: ({ id: number } & Record<string, unknown>)[],
  ): Promise<(NetboxObject | NetboxError)[]> {
    return this.#writeMany('PATCH', type, bodies, ({ id, ...rest }) =>
      this.request<NetboxObject>('PATCH', `/api/${type}/${id}/`, rest),
    );
  }

  /** A bulk POST or PATCH in batches; a batch refused with 400 is sent again through `one`, body by body. */
  async #writeMany<B extends Record<string, unknown>>(
    method: 'POST' | 'PATCH',
    type: string,
    bodies: B[],
    one: (body: B) => Promise<NetboxObject>,
  ): Promise<(NetboxObject | NetboxError)[]> {
    const results: (NetboxObject | NetboxError)[] = new Array(bodies.length);
    const indexed = bodies.map((body, i) => ({ body, i }));
    const settled = await this.#batches(indexed, async (batch) => {
      try {
        const written = await this.request<NetboxObject[]>(
          method,
          `/api/${type}/`,
          batch.map((b) => b.body),
        );
        batch.forEach((b, k) => (results[b.i] = written[k]));
      } catch (error) {
        if (!(error instanceof NetboxError)) throw error;
        if (error.status !== 400 || batch.length === 1) {
          for (const b of batch) results[b.i] = error;
          return;
        }
        await Promise.all(
          batch.map(async (b) => {
            try {
              results[b.i] = await one(b.body);
            } catch (failure) {
              if (!(failure instanceof NetboxError)) throw failure;
              results[b.i] = failure;
            }
          }),
        );
      }
    });
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    return results;
  }

  /** Bulk DELETE by id in batches; a refused batch is retried one by one. Null = deleted (or already gone). */
  async deleteMany(type: string, ids: number[]): Promise<(NetboxError | null)[]> {
    const results: (NetboxError | null)[] = new Array(ids.length).fill(null);
    const indexed = ids.map((id, i) => ({ id, i }));
    const settled = await this.#batches(indexed, async (batch) => {
      try {
        await this.request(
          'DELETE',
          `/api/${type}/`,
          batch.map((b) => ({ id: b.id })),
        );
      } catch (error) {
        if (!(error instanceof NetboxError)) throw error;
        if (batch.length === 1 || (error.status !== 400 && error.status !== 409 && error.status !== 404)) {
          for (const b of batch) results[b.i] = error.status === 404 ? null : error;
          return;
        }
        await Promise.all(
          batch.map(async (b) => {
            try {
              await this.request('DELETE', `/api/${type}/${b.id}/`);
            } catch (one) {
              if (!(one instanceof NetboxError)) throw one;
              results[b.i] = one.status === 404 ? null : one;
            }
          }),
        );
      }
    });
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    return results;
  }
}
