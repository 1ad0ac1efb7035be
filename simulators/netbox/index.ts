// NetBox REST API simulator: an in-memory NetBox on loopback that validates writes the way
// NetBox does, renders objects in the shapes of NetBox 4.0 / 4.2 / 4.6, and can inject faults
// and latency. Used by tests, the demo and the NetBox push benchmark. See README.md here.
import { startServer, type LoggedRequest } from './http/server';
import { FaultState, type FaultMatch } from './http/faults';
import type { Tokens, WriteTokens } from './http/auth';
import { modelsFor } from './models/registry';
import { NetboxError } from './models/types';
import { createRenderer } from './render';
import { Store } from './store';
import { versionProfile, type NetboxVersion } from './versions';
import { createObject, deleteObject, updateObject, type WriteContext } from './write';

export type { NetboxVersion } from './versions';
export { NETBOX_VERSIONS } from './versions';
export { NetboxError } from './models/types';
export type { FaultMatch } from './http/faults';
export type { LoggedRequest } from './http/server';

/** Tokens accepted when `tokens` is not given. */
export const DEFAULT_V1_TOKEN = '0123456789abcdef0123456789abcdef01234567';
export const DEFAULT_V2_TOKEN = { key: 'nbsimkey0001', secret: 'NbSimSecret0123456789abcdefghijklmnopqrs' };

export interface NetboxSimulatorOptions {
  /** Release to impersonate (default '4.2'); `/api/status/` reports 4.0.11 / 4.2.2 / 4.6.8. */
  version?: NetboxVersion;
  /** Accepted tokens (default: DEFAULT_V1_TOKEN and DEFAULT_V2_TOKEN). v2 tokens work only on 4.6 (NetBox 4.5+). */
  tokens?: { v1?: string[]; v2?: { key: string; secret: string }[] };
  /** Tokens (v1 token strings or v2 keys) allowed to write; others get 403 on writes (default 'all'). */
  writeTokens?: WriteTokens;
  /** Delay added to every request (default 0). */
  latencyMs?: number;
  /** Listen address, loopback only (default 127.0.0.1), and port (default 0 = any free port). */
  host?: string;
  port?: number;
  /** Clock for `created`/`last_updated` (default: the wall clock). */
  now?: () => Date;
  /** Largest accepted request body (default 64 MiB). */
  maxBodyBytes?: number;
  /** Also serve the `/__sim/` control API (request log, faults, latency) for use from another process. */
  control?: boolean;
}

export interface NetboxSimulator {
  /** `http://127.0.0.1:PORT` (no `/api`). */
  url: string;
  port: number;
  version: NetboxVersion;
  stop(): Promise<void>;
  /** Every request in arrival order. `objects`: items in a write body, or results returned by a read. */
  requests: LoggedRequest[];
  resetRequests(): void;
  faults: {
    failNext(match: FaultMatch, status: number, count?: number): void;
    setLatency(ms: number): void;
    clear(): void;
  };
  /** Direct access for tests, with the same validation as the API (throws NetboxError). */
  store: {
    list(endpoint: string): Record<string, unknown>[];
    get(endpoint: string, id: number): Record<string, unknown> | undefined;
    create(endpoint: string, body: Record<string, unknown>): Record<string, unknown>;
    update(endpoint: string, id: number, body: Record<string, unknown>): Record<string, unknown>;
    delete(endpoint: string, id: number): void;
  };
}

/** The simulator has well-known default tokens and no real data: it only ever listens on loopback. */
function loopbackHost(host: string): string {
  if (host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return host;
  throw new Error(`netbox simulator: listens on loopback addresses only (got ${host})`);
}

export async function startNetboxSimulator(opts: NetboxSimulatorOptions = {}): Promise<NetboxSimulator> {
  const version = opts.version ?? '4.2';
  const host = loopbackHost(opts.host ?? '127.0.0.1');
  const profile = versionProfile(version);
  const store = new Store(modelsFor(profile), profile);
  const tokens: Tokens = opts.tokens
    ? { v1: opts.tokens.v1 ?? [], v2: profile.v45 ? (opts.tokens.v2 ?? []) : [] }
    : { v1: [DEFAULT_V1_TOKEN], v2: profile.v45 ? [DEFAULT_V2_TOKEN] : [] };
  const faults = new FaultState(opts.latencyMs ?? 0);
  const write: WriteContext = { store, now: opts.now ?? (() => new Date()) };
  const requests: LoggedRequest[] = [];
  const control = opts.control ? { requests: () => requests, reset: () => void requests.splice(0) } : undefined;
  const server = await startServer(
    {
      store,
      profile,
      tokens,
      writeTokens: opts.writeTokens ?? 'all',
      faults,
      write,
      maxBodyBytes: opts.maxBodyBytes ?? 64 * 1024 * 1024,
      control,
    },
    host,
    opts.port ?? 0,
    requests,
  );
  const known = (endpoint: string) => {
    if (!store.has(endpoint)) throw new NetboxError(404, { detail: 'Not found.' });
  };
  const render = (endpoint: string, id: number) =>
    createRenderer(store, server.url).render(endpoint, store.get(endpoint, id)!);
  return {
    url: server.url,
    port: server.port,
    version,
    stop: server.stop,
    requests,
    resetRequests: () => {
      requests.length = 0;
    },
    faults: {
      failNext: (match, status, count) => faults.failNext(match, status, count),
      setLatency: (ms) => faults.setLatency(ms),
      clear: () => faults.clear(),
    },
    store: {
      list(endpoint) {
        known(endpoint);
        const r = createRenderer(store, server.url);
        return [...store.all(endpoint)].sort((a, b) => a.id - b.id).map((row) => r.render(endpoint, row));
      },
      get(endpoint, id) {
        known(endpoint);
        return store.get(endpoint, id) ? render(endpoint, id) : undefined;
      },
      create(endpoint, body) {
        known(endpoint);
        return render(endpoint, createObject(write, endpoint, body).id);
      },
      update(endpoint, id, body) {
        known(endpoint);
        return render(endpoint, updateObject(write, endpoint, id, body, true).id);
      },
      delete(endpoint, id) {
        known(endpoint);
        deleteObject(write, endpoint, id);
      },
    },
  };
}
