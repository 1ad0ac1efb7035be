import { getDb } from '@/db/client';
import { proxboxPluginSettings } from '@/db/schema';
import { apiKeyCacheSize, clearApiKeyCache } from '@/lib/auth/api-keys';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { clearNetboxStatusCache, netboxStatusCacheEntries } from '@/lib/netbox/endpoint';

// proxbox-api's /cache routes inspect its NetBox GET cache. Proxbox keeps no such cache: the
// push reads NetBox fresh, once per type per run. What the backend does cache, and these routes
// report and clear, is NetBox's version per address and token (`/api/status/`, for the push's
// version rules) and verified API keys (a key in use is not re-hashed for 60 s; revocation is
// still immediate). Only live entries count: a version older than the status-cache TTL (Plugin
// settings) or a key idle past its TTL is never answered from again, only replaced.

/** The NetBox status-cache TTL the push uses (Plugin settings → `netbox_get_cache_ttl`). */
async function statusCacheTtlSeconds(): Promise<number> {
  const db = await getDb();
  await ensureSettings(db);
  const [row] = await db.select({ ttl: proxboxPluginSettings.netboxGetCacheTtl }).from(proxboxPluginSettings).limit(1);
  return Number(row.ttl);
}

async function liveEntries(now: number) {
  return { status: netboxStatusCacheEntries(await statusCacheTtlSeconds(), now), apiKeys: apiKeyCacheSize(now) };
}

/** `GET /cache`. */
export async function cacheBody(now = Date.now()) {
  const { status, apiKeys } = await liveEntries(now);
  return {
    size: status.length + apiKeys,
    entries: status.map((e) => ({ kind: 'netbox-status', ...e })),
    api_key_verifications: apiKeys,
  };
}

/** `GET /cache/metrics`. */
export async function cacheMetricsBody(now = Date.now()) {
  const { status, apiKeys } = await liveEntries(now);
  return {
    size: status.length + apiKeys,
    by_kind: { 'netbox-status': status.length, 'api-key-verification': apiKeys },
  };
}

/** `GET /cache/metrics/prometheus`: the same in Prometheus' text format. */
export async function cachePrometheusText(): Promise<string> {
  const m = await cacheMetricsBody();
  return [
    '# HELP proxbox_cache_entries Live entries held by the Proxbox backend caches.',
    '# TYPE proxbox_cache_entries gauge',
    ...Object.entries(m.by_kind).map(([kind, n]) => `proxbox_cache_entries{kind="${kind}"} ${n}`),
    '',
  ].join('\n');
}

/** `GET /clear-cache`: empties both caches (the next push re-reads the NetBox version; the next request with a key verifies it again); `cleared` counts the live entries dropped. */
export async function clearCaches() {
  const cleared = (await cacheMetricsBody()).size;
  clearNetboxStatusCache();
  clearApiKeyCache();
  return { message: 'Cache cleared.', cleared };
}
