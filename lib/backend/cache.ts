import { apiKeyCacheSize, clearApiKeyCache } from '@/lib/auth/api-keys';
import { clearNetboxStatusCache, netboxStatusCacheEntries } from '@/lib/netbox/endpoint';

// proxbox-api's /cache routes inspect its NetBox GET cache. Proxbox keeps no such cache: the
// push reads NetBox fresh, once per type per run. What the backend does cache, and these routes
// report and clear, is NetBox's version per address and token (`/api/status/`, for the push's
// version rules) and verified API keys (a key in use is not re-hashed for 60 s; revocation is
// still immediate).

/** `GET /cache`. */
export function cacheBody() {
  const status = netboxStatusCacheEntries();
  return {
    size: status.length + apiKeyCacheSize(),
    entries: status.map((e) => ({ kind: 'netbox-status', ...e })),
    api_key_verifications: apiKeyCacheSize(),
  };
}

/** `GET /cache/metrics`. */
export function cacheMetricsBody() {
  return {
    size: netboxStatusCacheEntries().length + apiKeyCacheSize(),
    by_kind: { 'netbox-status': netboxStatusCacheEntries().length, 'api-key-verification': apiKeyCacheSize() },
  };
}

/** `GET /cache/metrics/prometheus`: the same in Prometheus' text format. */
export function cachePrometheusText(): string {
  const m = cacheMetricsBody();
  return [
    '# HELP proxbox_cache_entries Entries held by the Proxbox backend caches.',
    '# TYPE proxbox_cache_entries gauge',
    ...Object.entries(m.by_kind).map(([kind, n]) => `proxbox_cache_entries{kind="${kind}"} ${n}`),
    '',
  ].join('\n');
}

/** `GET /clear-cache`: empties both caches (the next push re-reads the NetBox version; the next request with a key verifies it again). */
export function clearCaches() {
  const cleared = cacheMetricsBody().size;
  clearNetboxStatusCache();
  clearApiKeyCache();
  return { message: 'Cache cleared.', cleared };
}
