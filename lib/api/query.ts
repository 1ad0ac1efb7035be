import type { ModelDefinition } from '@/lib/models/define-model';
import { detail } from './errors';
import { fieldList, type Shape } from './render';

// NetBox's list parameters that are not filters: limit/offset pagination
// with absolute next/previous URLs, NetBox 4.6's cursor mode (`start`), brief, fields and omit.

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

export interface Page {
  limit: number;
  offset: number;
  /** Cursor mode: objects with `id >= start`, by id, without a count. */
  start?: number;
}

/** `limit` defaults to 50, is clamped to 1000, and 0 means "the maximum"; bad values are ignored. */
export function parsePage(params: URLSearchParams): Page {
  const rawLimit = params.get('limit');
  const rawOffset = params.get('offset');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null && /^\d+$/.test(rawLimit.trim())) {
    const n = Number(rawLimit.trim());
    limit = n === 0 ? MAX_LIMIT : Math.min(n, MAX_LIMIT);
  }
  const offset =
    rawOffset !== null && /^\d+$/.test(rawOffset.trim())
      ? Math.min(Number(rawOffset.trim()), Number.MAX_SAFE_INTEGER)
      : 0;
  const rawStart = params.get('start');
  if (rawStart === null) return { limit, offset };
  if (!/^\d{1,15}$/.test(rawStart.trim())) throw detail(400, "'start' must be a non-negative integer.");
  if (rawOffset !== null) throw detail(400, "'start' and 'offset' are mutually exclusive.");
  if (params.has('ordering'))
    throw detail(400, 'Ordering cannot be specified in conjunction with cursor-based pagination.');
  return { limit, offset: 0, start: Number(rawStart.trim()) };
}

/**
 * `requestUrl` with `limit`/`offset` replaced (or offset removed), every other parameter kept and
 * the keys sorted, as DRF's replace_query_param writes them.
 */
function pageUrl(origin: string, requestUrl: URL, limit: number, offset: number | null, cursor = 'offset'): string {
  const entries = [...requestUrl.searchParams.entries()].filter(
    ([k]) => k !== 'limit' && k !== 'offset' && k !== 'start',
  );
  entries.push(['limit', String(limit)]);
  if (offset !== null) entries.push([cursor, String(offset)]);
  const keys = [...new Set(entries.map(([k]) => k))].sort();
  const search = new URLSearchParams(keys.flatMap((k) => entries.filter(([key]) => key === k)));
  return `${origin}${requestUrl.pathname}?${search.toString()}`;
}

/** `{count, next, previous, results}` for one page (count null and no previous in cursor mode). */
export function envelope(
  origin: string,
  requestUrl: URL,
  page: Page,
  count: number | null,
  results: unknown[],
  lastId?: number,
) {
  const { limit, offset, start } = page;
  if (start !== undefined || count === null) {
    const next =
      results.length === limit && lastId !== undefined ? pageUrl(origin, requestUrl, limit, lastId + 1, 'start') : null;
    return { count: null, next, previous: null, results };
  }
  const next = offset + limit < count ? pageUrl(origin, requestUrl, limit, offset + limit) : null;
  const previous = offset <= 0 ? null : pageUrl(origin, requestUrl, limit, offset - limit <= 0 ? null : offset - limit);
  return { count, next, previous, results };
}

const listParam = (params: URLSearchParams, name: string) =>
  params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * The fields to render for a GET: `brief` (any non-empty value, as NetBox checks) wins, then
 * `fields=` (unknown names ignored), then `omit=`. Non-GET responses are always full.
 */
export function requestedFields(model: ModelDefinition, params: URLSearchParams | null): string[] {
  const brief = params?.get('brief');
  const shape: Shape = brief ? 'brief' : 'full';
  const all = fieldList(model, shape);
  if (!params || shape === 'brief') return all;
  const fields = listParam(params, 'fields');
  if (fields.length > 0) return all.filter((f) => fields.includes(f));
  const omit = new Set([
    ...listParam(params, 'omit'),
    ...(params.getAll('exclude').includes('config_context') ? ['config_context'] : []),
  ]);
  return all.filter((f) => !omit.has(f));
}
