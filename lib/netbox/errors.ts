// Errors of the NetBox client, in the categories of the sync's `error_detail` events so the push
// stage reports them like any other stage: category, message, suggestion. Never holds a secret.

export type NetboxErrorCategory =
  'connection' | 'authentication' | 'permission' | 'not_found' | 'timeout' | 'validation' | 'conflict' | 'internal';

export class NetboxError extends Error {
  readonly category: NetboxErrorCategory;
  /** HTTP status, or null when no answer arrived. */
  readonly status: number | null;
  readonly method: string;
  /** Path under the API root, e.g. `/api/virtualization/virtual-machines/`. */
  readonly path: string;
  readonly suggestion: string;
  /** NetBox's own error body (field errors), when there was one. */
  readonly body: unknown;

  constructor(init: {
    category: NetboxErrorCategory;
    status: number | null;
    method: string;
    path: string;
    message: string;
    suggestion: string;
    body?: unknown;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'NetboxError';
    this.category = init.category;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.suggestion = init.suggestion;
    this.body = init.body ?? null;
  }
}

/** NetBox's error body in one line: `{"name": ["…"]}` → `name: …`; `{"detail": "…"}` → the detail. */
export function describeErrorBody(body: unknown): string {
  if (body == null) return '';
  if (typeof body === 'string') return body.slice(0, 300);
  if (Array.isArray(body)) return body.map(describeErrorBody).filter(Boolean).join('; ');
  if (typeof body === 'object') {
    const o = body as Record<string, unknown>;
    if (typeof o.detail === 'string') return o.detail;
    if (typeof o.error === 'string') return o.error;
    return Object.entries(o)
      .map(
        ([k, v]) =>
          `${k}: ${Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ') : typeof v === 'object' ? describeErrorBody(v) : String(v)}`,
      )
      .join('; ');
  }
  return String(body);
}
