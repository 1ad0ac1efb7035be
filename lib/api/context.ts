import { inArray } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { columnOf } from '@/lib/data/list-filters';
import { getModel } from '@/lib/models/registry';

// Per-request state of the API serializer: the database, the origin absolute URLs are built
// from, and a row cache so that an object referenced by many rows of a page is read once.

export type Row = Record<string, unknown>;
export type ApiObject = Record<string, unknown>;

export interface ApiContext {
  db: Database;
  /** `https://proxbox.example.com` — from the request (see requestOrigin). */
  origin: string;
  rows: Map<string, Map<number, Row>>;
  /** Brief objects (NetBox's nested serializers) of `modelKey` by id; set up by lib/api/render.ts. */
  nested: (modelKey: string, ids: number[]) => Promise<Map<number, ApiObject>>;
}

/** Rows of `modelKey` by id, reading only those not cached yet (one query per call). */
export async function loadRows(ctx: ApiContext, modelKey: string, ids: Iterable<number>): Promise<Map<number, Row>> {
  const model = getModel(modelKey)!;
  let cache = ctx.rows.get(modelKey);
  if (!cache) ctx.rows.set(modelKey, (cache = new Map()));
  const wanted = [...new Set(ids)].filter((id) => Number.isSafeInteger(id));
  const missing = wanted.filter((id) => !cache.has(id));
  if (missing.length > 0) {
    const rows = await ctx.db
      .select()
      .from(model.table as PgTable)
      .where(inArray(columnOf(model, 'id'), missing));
    for (const row of rows) cache.set(row.id as number, row);
  }
  const out = new Map<number, Row>();
  for (const id of wanted) {
    const row = cache.get(id);
    if (row) out.set(id, row);
  }
  return out;
}

/** Puts already-read rows into the cache (the page being rendered). */
export function cacheRows(ctx: ApiContext, modelKey: string, rows: Row[]): void {
  let cache = ctx.rows.get(modelKey);
  if (!cache) ctx.rows.set(modelKey, (cache = new Map()));
  for (const row of rows) cache.set(row.id as number, row);
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Origin for absolute URLs, as NetBox builds them from the request's Host. Next route handlers
 * see `req.url` on the server's own host:port, so the client's Host header is used (Next fills
 * `x-forwarded-host`/`-proto` from it when no proxy did); malformed values fall back to req.url.
 */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = (req.headers.get('x-forwarded-host') ?? req.headers.get('host') ?? '').split(',')[0].trim();
  const proto = (req.headers.get('x-forwarded-proto') ?? '').split(',')[0].trim();
  const scheme = proto === 'https' || proto === 'http' ? proto : url.protocol.replace(':', '');
  return HOST.test(host) ? `${scheme}://${host}` : `${scheme}://${url.host}`;
}
