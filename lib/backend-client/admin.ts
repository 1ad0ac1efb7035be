import { getDb } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { roleAllows, type Role } from '@/lib/auth/roles';
import { backendCall, backendRequest, BackendRequestError, type BackendTarget } from './http';
import { copyDifferences, endpointCopy, type EndpointModelKey } from './payloads';
import { loadBackendTarget, NoBackendError } from './target';

// The Backend section of the UI reads and changes the backend's own records over its HTTP API (as
// every other web → backend interaction does): its endpoint copies, with whether each matches the
// inventory; its API keys (created, activated, deactivated and deleted there too); its lockouts;
// its log. Credentials never come back, only fingerprints; a new key's text comes back once.

export type CopyKind = 'proxmox' | 'netbox';
export type CopyState = 'current' | 'out-of-date' | 'orphan';

export interface BackendEndpointCopy {
  kind: CopyKind;
  /** The backend's record as its API returns it (snake_case; no secret). */
  record: Record<string, unknown> & {
    id: number;
    name: string;
    source_id: number | null;
    credential_fingerprint: string | null;
  };
  state: CopyState;
  /** Why it is not current (empty when it is). */
  reasons: string[];
  /** Registry key and id of the inventory endpoint it copies (null: none). */
  source: { model: EndpointModelKey; id: number } | null;
}

export interface BackendKey {
  id: number;
  key_id: string;
  description: string;
  role: Role;
  read_only: boolean;
  is_active: boolean;
  created_at: string;
  last_used_at: string | null;
  /** The web app's own backend token (this page talks to the backend with it): the backend refuses to retire it. */
  web_link: boolean;
}

export interface BackendLockout {
  ip: string;
  attempts: number;
  first_attempt: string;
  last_attempt: string;
  blocked: boolean;
  seconds_left: number;
}

/** The backend's recent log and the state of its log file (`GET /admin/logs`). */
export interface BackendLog {
  logs: { id: number; timestamp: string; level: 'INFO' | 'WARNING' | 'ERROR'; message: string }[];
  log_file: {
    path: string | null;
    state: 'off' | 'ok' | 'failing';
    error: string | null;
    since: string | null;
    dropped: number;
  };
}

/** The backend could not be asked; the page shows why instead of data. */
export class BackendUnavailable extends Error {}

function requireSignedIn(actor: Actor): void {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
}

function requireAdmin(actor: Actor, message = 'Only administrators can see and clear lockouts.'): void {
  requireSignedIn(actor);
  if (actor.kind !== 'user' || !roleAllows(actor.role, 'admin')) throw new AppError('forbidden', message);
}

const MANAGE_KEYS = 'Only administrators can manage API keys.';

async function target(): Promise<BackendTarget> {
  try {
    return await loadBackendTarget(await getDb());
  } catch (err) {
    if (err instanceof NoBackendError) throw new BackendUnavailable(err.message);
    throw err;
  }
}

async function call<T>(method: string, path: string, expected: number[], body?: unknown): Promise<T> {
  try {
    return (await backendCall(await target(), method, path, expected, body)) as T;
  } catch (err) {
    if (err instanceof BackendRequestError) {
      if (err.status === 404) throw new AppError('not_found', err.message);
      if (err.status === 409 || err.status === 400)
        throw new AppError('conflict', err.message.replace(/^The backend refused [A-Z]+ \S+: /, ''));
      throw new BackendUnavailable(err.message);
    }
    throw err;
  }
}

const MODEL_OF: Record<CopyKind, EndpointModelKey> = { proxmox: 'proxmox-endpoints', netbox: 'netbox-endpoints' };

async function judge(kind: CopyKind, record: BackendEndpointCopy['record']): Promise<BackendEndpointCopy> {
  if (record.source_id === null)
    return {
      kind,
      record,
      state: 'orphan',
      reasons: ['The copy names no inventory endpoint (no source_id).'],
      source: null,
    };
  const model = MODEL_OF[kind];
  const expected = await endpointCopy(await getDb(), model, record.source_id);
  if (!expected)
    return {
      kind,
      record,
      state: 'orphan',
      reasons: [
        `The inventory has no ${kind === 'proxmox' ? 'Proxmox' : 'NetBox'} endpoint #${record.source_id} any more.`,
      ],
      source: null,
    };
  const reasons = copyDifferences(expected.expected, record);
  return {
    kind,
    record,
    state: reasons.length === 0 ? 'current' : 'out-of-date',
    reasons,
    source: { model, id: record.source_id },
  };
}

/** Every endpoint copy the backend holds (its Proxmox endpoints, then its NetBox endpoint). */
export async function listBackendCopies(actor: Actor): Promise<BackendEndpointCopy[]> {
  requireSignedIn(actor);
  const proxmox = await call<BackendEndpointCopy['record'][]>('GET', 'proxmox/endpoints', [200]);
  const t = await target();
  const res = await backendRequest(t, 'GET', 'netbox/endpoint').catch((err: unknown) => {
    throw err instanceof BackendRequestError ? new BackendUnavailable(err.message) : err;
  });
  if (res.status !== 200 && res.status !== 404)
    throw new BackendUnavailable(`The backend refused GET /api/backend/netbox/endpoint: HTTP ${res.status}`);
  const netbox = res.status === 200 ? [res.body as BackendEndpointCopy['record']] : [];
  return Promise.all([...proxmox.map((r) => judge('proxmox', r)), ...netbox.map((r) => judge('netbox', r))]);
}

/** One copy; AppError('not_found') when the backend holds no such record. */
export async function getBackendCopy(actor: Actor, kind: CopyKind, id: number): Promise<BackendEndpointCopy> {
  requireSignedIn(actor);
  if (kind === 'proxmox') return judge(kind, await call('GET', `proxmox/endpoints/${id}`, [200]));
  const record = await call<BackendEndpointCopy['record']>('GET', 'netbox/endpoint', [200]);
  if (record.id !== id) throw new AppError('not_found', 'The backend holds no such NetBox endpoint.');
  return judge(kind, record);
}

/** The key id of a minted key's text (`pbx_<keyId>_<secret>`); null for a client-chosen key. */
function mintedKeyId(token: string): string | null {
  return /^pbx_([A-Za-z0-9]+)_[A-Za-z0-9]+$/.exec(token)?.[1] ?? null;
}

export async function listBackendKeys(actor: Actor): Promise<BackendKey[]> {
  requireSignedIn(actor);
  const webKeyId = mintedKeyId((await target()).token);
  const keys = await call<Omit<BackendKey, 'web_link'>[]>('GET', 'auth/keys', [200]);
  return keys.map((key) => ({ ...key, web_link: key.key_id === webKeyId }));
}

export async function getBackendKey(actor: Actor, id: number): Promise<BackendKey> {
  const key = (await listBackendKeys(actor)).find((k) => k.id === id);
  if (!key) throw new AppError('not_found', 'No API key matches the given query.');
  return key;
}

function keyPath(id: number): string {
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('not_found', 'No API key matches the given query.');
  return `auth/keys/${id}`;
}

/** A key the backend just created, with its full text (`raw_key`), which it never shows again. */
export type CreatedBackendKey = BackendKey & { raw_key: string };

/** Creates a key on the backend (administrators); the answer is the only time its text is seen. */
export async function createBackendKey(
  actor: Actor,
  input: { description: string; role: Role },
): Promise<CreatedBackendKey> {
  requireAdmin(actor, MANAGE_KEYS);
  return call<CreatedBackendKey>('POST', 'auth/keys', [201], input);
}

/** Activates or deactivates a key (administrators); the backend refuses to retire its last active key. */
export async function setBackendKeyActive(actor: Actor, id: number, active: boolean): Promise<BackendKey> {
  requireAdmin(actor, MANAGE_KEYS);
  return call<BackendKey>('POST', `${keyPath(id)}/${active ? 'activate' : 'deactivate'}`, [200]);
}

/** Deletes a key (administrators); the backend refuses to delete its last active key. */
export async function deleteBackendKey(actor: Actor, id: number): Promise<void> {
  requireAdmin(actor, MANAGE_KEYS);
  await call('DELETE', keyPath(id), [204]);
}

export async function listBackendLockouts(actor: Actor): Promise<BackendLockout[]> {
  requireAdmin(actor);
  return call<BackendLockout[]>('GET', 'auth/lockouts', [200]);
}

/** Clears one address (`ip`) or, with null, every address; returns how many were cleared. */
export async function clearBackendLockouts(actor: Actor, ip: string | null): Promise<number> {
  requireAdmin(actor);
  if (ip === null) return (await call<{ cleared: number }>('DELETE', 'auth/lockouts', [200])).cleared;
  await call('DELETE', `auth/lockouts/${encodeURIComponent(ip)}`, [204]);
  return 1;
}

/** The backend's last `limit` log lines (oldest first) and the state of its log file. */
export async function readBackendLog(actor: Actor, limit = 200): Promise<BackendLog> {
  requireAdmin(actor, 'Only administrators can read the backend log.');
  return call<BackendLog>('GET', `admin/logs?limit=${limit}`, [200]);
}
