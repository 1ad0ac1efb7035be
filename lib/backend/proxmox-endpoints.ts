import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { backendProxmoxEndpoints } from '@/db/backend/schema';
import { backendDb } from '@/lib/auth/api-keys';
import { detail } from '@/lib/api/errors';
import { decryptSecret, encryptSecret, SecretDecryptionError, secretFingerprint } from '@/lib/crypto/secrets';
import { badRequest, parseBody } from './http';
import { proxmoxUrlOf } from './seed-url';

// The backend's Proxmox endpoints (the seed's /proxmox/endpoints). A password or a token
// (token_name + token_value) is required; both are stored encrypted and never returned.

const fields = {
  name: z.string().trim().min(1).max(255),
  /** Optional: proxbox-api's clients send domain/ip_address + port (lib/backend/seed-url.ts). */
  url: z.url({ protocol: /^https?$/, error: 'Enter a valid http(s) URL.' }),
  ip_address: z.string().trim().max(64).nullable().optional(),
  domain: z.string().trim().max(255).nullable().optional(),
  port: z.number().int().min(1).max(65535).optional(),
  username: z.string().trim().min(1).max(255).optional(),
  password: z.string().min(1).max(512).nullable().optional(),
  token_name: z.string().trim().min(1).max(255).nullable().optional(),
  token_value: z.string().min(1).max(512).nullable().optional(),
  verify_ssl: z.boolean().optional(),
  ca_certificate: z.string().max(20_000).nullable().optional(),
  cluster_name: z.string().trim().max(255).nullable().optional(),
  timeout: z.number().int().min(1).max(3600).nullable().optional(),
  max_retries: z.number().int().min(0).max(20).nullable().optional(),
  retry_backoff: z.number().min(0).max(60).nullable().optional(),
  enabled: z.boolean().optional(),
  source_id: z.number().int().positive().nullable().optional(),
};

export const createProxmoxEndpointSchema = z.object({ ...fields, url: fields.url.optional() }).strict();
export const updateProxmoxEndpointSchema = z.object(fields).partial().strict();

type Row = typeof backendProxmoxEndpoints.$inferSelect;
type Insert = typeof backendProxmoxEndpoints.$inferInsert;
type Input = z.output<typeof updateProxmoxEndpointSchema>;
type Secrets = { password: string | null; tokenName: string | null; token: string | null };

const NOT_FOUND = 'No Proxmox endpoint matches the given query.';
const NO_CREDENTIAL = 'Provide a password, or a token_name with its token_value.';

/** The endpoint as the API shows it: no password, no token value. */
export function serializeProxmoxEndpoint(row: Row) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    ip_address: row.ipAddress,
    domain: row.domain,
    port: row.port,
    username: row.username,
    token_name: row.tokenName,
    password_set: row.password !== null,
    token_set: row.token !== null,
    credential_fingerprint: row.credentialFingerprint,
    verify_ssl: row.verifySsl,
    ca_certificate: row.caCertificate,
    cluster_name: row.clusterName,
    timeout: row.timeout,
    max_retries: row.maxRetries,
    retry_backoff: row.retryBackoff,
    enabled: row.enabled,
    source_id: row.sourceId,
    updated_at: new Date(row.updatedAt * 1000).toISOString(),
  };
}

/** The plain secrets after applying `input` to `before` (null: not stored); 400 when none is left. */
function resolveSecrets(input: Input, before: Secrets): Secrets {
  const next: Secrets = {
    password: input.password === undefined ? before.password : input.password,
    tokenName: input.token_name === undefined ? before.tokenName : input.token_name,
    token: input.token_value === undefined ? before.token : input.token_value,
  };
  if (!next.password && !(next.tokenName && next.token)) throw badRequest({ non_field_errors: [NO_CREDENTIAL] });
  return next;
}

function columnsOf(input: Input): Partial<Insert> {
  const columns: Partial<Insert> = {
    name: input.name,
    url: input.url,
    ipAddress: input.ip_address,
    domain: input.domain,
    port: input.port,
    username: input.username,
    tokenName: input.token_name,
    verifySsl: input.verify_ssl,
    caCertificate: input.ca_certificate,
    clusterName: input.cluster_name,
    timeout: input.timeout,
    maxRetries: input.max_retries,
    retryBackoff: input.retry_backoff,
    enabled: input.enabled,
    sourceId: input.source_id,
  };
  if (input.password !== undefined) columns.password = input.password === null ? null : encryptSecret(input.password);
  if (input.token_value !== undefined)
    columns.token = input.token_value === null ? null : encryptSecret(input.token_value);
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
}

/** Fingerprint of the credential in use: the token when set (Proxmox prefers it), else the password. */
function fingerprintOf(secrets: Secrets): string {
  return secrets.tokenName && secrets.token
    ? secretFingerprint(`${secrets.tokenName}=${secrets.token}`)
    : secretFingerprint(secrets.password ?? '');
}

function byId(id: number): Row {
  const row = backendDb().select().from(backendProxmoxEndpoints).where(eq(backendProxmoxEndpoints.id, id)).get();
  if (!row) throw detail(404, NOT_FOUND);
  return row;
}

function uniqueNameGuard(err: unknown): never {
  if (err instanceof Error && /UNIQUE constraint failed: proxmox_endpoint\.(\w+)/.test(err.message)) {
    const column = /proxmox_endpoint\.(\w+)/.exec(err.message)![1];
    throw detail(409, `A Proxmox endpoint with this ${column} already exists.`);
  }
  throw err;
}

/** `GET /proxmox/endpoints`. */
export function listProxmoxEndpoints() {
  return backendDb()
    .select()
    .from(backendProxmoxEndpoints)
    .orderBy(backendProxmoxEndpoints.id)
    .all()
    .map(serializeProxmoxEndpoint);
}

/** `GET /proxmox/endpoints/{id}`. */
export function getProxmoxEndpoint(id: number) {
  return serializeProxmoxEndpoint(byId(id));
}

/** `POST /proxmox/endpoints`. */
export function createProxmoxEndpoint(body: unknown) {
  const input = parseBody(createProxmoxEndpointSchema, body);
  const secrets = resolveSecrets(input, { password: null, tokenName: null, token: null });
  try {
    const row = backendDb()
      .insert(backendProxmoxEndpoints)
      .values({
        ...columnsOf(input),
        name: input.name,
        url: input.url ?? proxmoxUrlOf(input),
        credentialFingerprint: fingerprintOf(secrets),
      })
      .returning()
      .get();
    return serializeProxmoxEndpoint(row);
  } catch (err) {
    uniqueNameGuard(err);
  }
}

/** `PUT /proxmox/endpoints/{id}`: changes the given fields; secrets only when sent (null clears). */
export function updateProxmoxEndpoint(id: number, body: unknown) {
  const input = parseBody(updateProxmoxEndpointSchema, body);
  const row = byId(id);
  // A stored secret that no longer decrypts (the secret key changed) counts as missing: the
  // caller must send it again, or the update is refused with NO_CREDENTIAL.
  const plain = (v: string | null) => {
    try {
      return v === null ? null : decryptSecret(v);
    } catch (err) {
      if (err instanceof SecretDecryptionError) return null;
      throw err;
    }
  };
  const secrets = resolveSecrets(input, {
    password: plain(row.password),
    tokenName: row.tokenName,
    token: plain(row.token),
  });
  const addressChanged =
    input.url === undefined &&
    (input.domain !== undefined || input.ip_address !== undefined || input.port !== undefined);
  const derived = addressChanged
    ? {
        url: proxmoxUrlOf({
          domain: input.domain ?? row.domain,
          ip_address: input.ip_address ?? row.ipAddress,
          port: input.port ?? row.port,
        }),
      }
    : {};
  try {
    const updated = backendDb()
      .update(backendProxmoxEndpoints)
      .set({
        ...columnsOf(input),
        ...derived,
        credentialFingerprint: fingerprintOf(secrets),
        updatedAt: Date.now() / 1000,
      })
      .where(eq(backendProxmoxEndpoints.id, id))
      .returning()
      .get();
    return serializeProxmoxEndpoint(updated);
  } catch (err) {
    uniqueNameGuard(err);
  }
}

/** `DELETE /proxmox/endpoints/{id}`. */
export function deleteProxmoxEndpoint(id: number): void {
  byId(id);
  backendDb().delete(backendProxmoxEndpoints).where(eq(backendProxmoxEndpoints.id, id)).run();
}
