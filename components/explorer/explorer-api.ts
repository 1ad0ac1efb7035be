import type { ExpansionPage, ExplorerNodeDetails, ExplorerObject } from '@/lib/explorer/types';

// The browser side of GET /api/explorer/{model}/{id}: the session cookie authenticates it.

export const PAGE_SIZE = 50;

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  const body = (await res.json().catch(() => null)) as (T & { detail?: string }) | null;
  if (!res.ok || !body) throw new Error(body?.detail ?? `The explorer request failed (HTTP ${res.status}).`);
  return body;
}

const base = (o: Pick<ExplorerObject, 'model' | 'id'>) => `/api/explorer/${encodeURIComponent(o.model)}/${o.id}`;

export function fetchRelations(o: Pick<ExplorerObject, 'model' | 'id'>): Promise<ExplorerNodeDetails> {
  return getJson(base(o));
}

export function fetchPage(
  o: Pick<ExplorerObject, 'model' | 'id'>,
  relation: string,
  offset: number,
): Promise<ExpansionPage> {
  const query = new URLSearchParams({ relation, offset: String(offset), limit: String(PAGE_SIZE) });
  return getJson(`${base(o)}?${query}`);
}
