// A per-process cache for live checks of endpoints (Proxmox, NetBox) on the dashboard: a result
// is served as-is for `maxAgeMs`; after that the last result is served while one refresh runs in
// the background, so reloading the dashboard never waits on, or hammers, a remote system. An
// endpoint's entry is dropped when its row changes (edit, enable/disable) or it is deleted.

interface CacheEntry<R> {
  /** Invalidates the entry when the endpoint is edited. */
  version: string;
  /** The last finished check and when it started. */
  latest: R | null;
  latestStartedAt: number;
  /** The check under way, if any. */
  inflight: Promise<R> | null;
}

export interface CheckedEndpoint {
  id: number;
  lastUpdated: Date;
  enabled: boolean;
}

export interface LiveCheckCache<E extends CheckedEndpoint, C, R> {
  /** A fresh result, else the stale one while a refresh runs, else a new check (run with `context`). */
  get(endpoint: E, context: C, maxAgeMs: number, now: number): Promise<R>;
  /** Forgets endpoints that no longer exist. */
  retain(ids: Iterable<number>): void;
  clear(): void;
}

/** `check` must not reject: it turns failures into a result (an unreachable endpoint is a state). */
export function createLiveCheckCache<E extends CheckedEndpoint, C, R>(
  check: (endpoint: E, context: C) => Promise<R>,
): LiveCheckCache<E, C, R> {
  const cache = new Map<number, CacheEntry<R>>();

  function run(entry: CacheEntry<R>, endpoint: E, context: C, now: number): Promise<R> {
    const inflight = check(endpoint, context).then((value) => {
      entry.latest = value;
      entry.latestStartedAt = now;
      entry.inflight = null;
      return value;
    });
    entry.inflight = inflight;
    return inflight;
  }

  return {
    get(endpoint, context, maxAgeMs, now) {
      const version = `${endpoint.lastUpdated.toISOString()}|${endpoint.enabled}`;
      let entry = cache.get(endpoint.id);
      if (!entry || entry.version !== version) {
        entry = { version, latest: null, latestStartedAt: 0, inflight: null };
        cache.set(endpoint.id, entry);
      }
      if (entry.latest && now - entry.latestStartedAt < maxAgeMs) return Promise.resolve(entry.latest);
      const pending = entry.inflight ?? run(entry, endpoint, context, now);
      return entry.latest ? Promise.resolve(entry.latest) : pending;
    },
    retain(ids) {
      const keep = new Set(ids);
      for (const id of cache.keys()) if (!keep.has(id)) cache.delete(id);
    },
    clear() {
      cache.clear();
    },
  };
}
