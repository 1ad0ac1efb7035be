import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ipAddresses, netboxEndpoints, proxmoxEndpoints } from '@/db/schema';
import { decryptSecret, SecretDecryptionError, secretFingerprint } from '@/lib/crypto/secrets';
import { endpointHost } from '@/lib/sync/read/endpoint-client';

// Inventory endpoint row → the backend's copy: the body the push sends, and the fields a current
// copy must show (the backend never returns a secret, only `credential_fingerprint`, computed
// the same way as here, so the comparison needs no secret either).

export type EndpointModelKey = 'proxmox-endpoints' | 'netbox-endpoints';
export const PUSHED_MODELS: readonly EndpointModelKey[] = ['proxmox-endpoints', 'netbox-endpoints'];

export interface EndpointCopy {
  /** Display name of the inventory row. */
  name: string;
  /** What the push sends (secrets in clear: only ever sent to the backend over its API). */
  body: Record<string, unknown>;
  /** Fields of the backend's answer that must equal these for the copy to be current. */
  expected: Record<string, unknown>;
}

export const isPushedModel = (key: string): key is EndpointModelKey =>
  (PUSHED_MODELS as readonly string[]).includes(key);

function plain(value: string | null): string | null {
  if (value === null || value === '') return null;
  try {
    return decryptSecret(value);
  } catch (err) {
    // A credential saved under another secret key cannot be pushed; the copy then shows it as missing.
    if (err instanceof SecretDecryptionError) return null;
    throw err;
  }
}

async function ipHost(db: Database, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const [ip] = await db.select({ address: ipAddresses.address }).from(ipAddresses).where(eq(ipAddresses.id, id));
  return ip?.address.split('/')[0] ?? null;
}

function pick(body: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, body[k] ?? null]));
}

async function proxmoxCopy(db: Database, id: number): Promise<EndpointCopy | null> {
  const [row] = await db.select().from(proxmoxEndpoints).where(eq(proxmoxEndpoints.id, id));
  if (!row) return null;
  const host = await endpointHost(db, row);
  const tokenName = row.tokenName || null;
  const token = plain(row.tokenValue);
  const password = plain(row.password);
  const body = {
    name: row.name,
    url: host ? `https://${host}:${row.port}` : null,
    ip_address: await ipHost(db, row.ipAddressId),
    domain: row.domain,
    port: row.port,
    username: row.username,
    password,
    token_name: tokenName,
    token_value: token,
    verify_ssl: row.verifySsl,
    ca_certificate: row.caCertificate,
    timeout: row.timeout,
    max_retries: row.maxRetries,
    retry_backoff: row.retryBackoff === null ? null : Number(row.retryBackoff),
    enabled: row.enabled,
    source_id: row.id,
  };
  const fingerprint =
    tokenName && token ? secretFingerprint(`${tokenName}=${token}`) : password ? secretFingerprint(password) : null;
  const keys = [
    'name',
    'url',
    'port',
    'username',
    'token_name',
    'verify_ssl',
    'ca_certificate',
    'timeout',
    'max_retries',
    'retry_backoff',
    'enabled',
    'source_id',
  ];
  return { name: row.name, body, expected: { ...pick(body, keys), credential_fingerprint: fingerprint } };
}

async function netboxCopy(db: Database, id: number): Promise<EndpointCopy | null> {
  const [row] = await db.select().from(netboxEndpoints).where(eq(netboxEndpoints.id, id));
  if (!row) return null;
  const ip = await ipHost(db, row.ipAddressId);
  const host = row.domain ?? (ip && ip.includes(':') ? `[${ip}]` : ip);
  // The endpoint says whether its NetBox speaks HTTPS (use_https); the push uses the same scheme.
  const scheme = row.useHttps ? 'https' : 'http';
  const token = row.tokenVersion === 'v2' ? plain(row.tokenSecret) : plain(row.token);
  const body = {
    name: row.name,
    url: host ? `${scheme}://${host}:${row.port}` : null,
    ip_address: ip,
    domain: row.domain,
    port: row.port,
    token_version: row.tokenVersion,
    token,
    token_key: row.tokenVersion === 'v2' ? row.tokenKey || null : null,
    verify_ssl: row.verifySsl,
    enabled: row.enabled,
    source_id: row.id,
  };
  const keys = ['name', 'url', 'port', 'token_version', 'token_key', 'verify_ssl', 'enabled', 'source_id'];
  return {
    name: row.name,
    body,
    expected: { ...pick(body, keys), credential_fingerprint: token ? secretFingerprint(token) : null },
  };
}

/** The backend copy an inventory endpoint should have; null when the row does not exist. */
export function endpointCopy(db: Database, modelKey: EndpointModelKey, id: number): Promise<EndpointCopy | null> {
  return modelKey === 'proxmox-endpoints' ? proxmoxCopy(db, id) : netboxCopy(db, id);
}

/** Human-readable differences between the copy the backend holds and the one it should hold. */
export function copyDifferences(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  return Object.entries(expected).flatMap(([key, want]) => {
    const have = actual[key] ?? null;
    if (JSON.stringify(have) === JSON.stringify(want)) return [];
    if (key === 'credential_fingerprint')
      return [
        want === null
          ? 'the inventory has no credential to push'
          : 'the backend holds a different credential (fingerprints differ)',
      ];
    if (key === 'ca_certificate') return ['the CA certificate differs'];
    return [`${key}: backend has ${JSON.stringify(have)}, inventory has ${JSON.stringify(want)}`];
  });
}
