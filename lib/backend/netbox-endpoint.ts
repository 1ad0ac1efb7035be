import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { backendNetboxEndpoints } from '@/db/backend/schema';
import { backendDb } from '@/lib/auth/api-keys';
import { detail } from '@/lib/api/errors';
import { encryptSecret, secretFingerprint } from '@/lib/crypto/secrets';
import { parseBody } from './http';
import { netboxUrlOf } from './seed-url';

// The backend's single NetBox endpoint (the seed's /netbox/endpoint). The token is stored
// encrypted and never returned: answers carry `token_set` and a `credential_fingerprint`.

const httpUrl = z.url({ protocol: /^https?$/, error: 'Enter a valid http(s) URL.' });
const port = z.number().int().min(1).max(65535);

export const createNetboxEndpointSchema = z
  .object({
    name: z.string().trim().min(1).max(255).optional(),
    /** Optional: proxbox-api's clients send domain/ip_address + port (lib/backend/seed-url.ts). */
    url: httpUrl.optional(),
    ip_address: z.string().trim().max(64).nullable().optional(),
    domain: z.string().trim().max(255).nullable().optional(),
    port: port.optional(),
    token_version: z.enum(['v1', 'v2']).optional(),
    token: z.string().min(1).max(512),
    token_key: z.string().trim().max(255).nullable().optional(),
    verify_ssl: z.boolean().optional(),
    enabled: z.boolean().optional(),
    source_id: z.number().int().positive().nullable().optional(),
  })
  .strict();

export const updateNetboxEndpointSchema = createNetboxEndpointSchema.partial().strict();

type Row = typeof backendNetboxEndpoints.$inferSelect;
type Input = z.output<typeof updateNetboxEndpointSchema>;

export const ONLY_ONE_NETBOX = 'Only one NetBox endpoint is allowed';
const NONE = 'No NetBox endpoint is configured.';

/** The endpoint as the API shows it: every field except the token. */
export function serializeNetboxEndpoint(row: Row) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    ip_address: row.ipAddress,
    domain: row.domain,
    port: row.port,
    token_version: row.tokenVersion,
    token_key: row.tokenKey,
    token_set: row.token !== null,
    credential_fingerprint: row.credentialFingerprint,
    verify_ssl: row.verifySsl,
    enabled: row.enabled,
    source_id: row.sourceId,
    updated_at: new Date(row.updatedAt * 1000).toISOString(),
  };
}

function columnsOf(input: Input): Partial<typeof backendNetboxEndpoints.$inferInsert> {
  const columns: Partial<typeof backendNetboxEndpoints.$inferInsert> = {
    name: input.name,
    url: input.url,
    ipAddress: input.ip_address,
    domain: input.domain,
    port: input.port,
    tokenVersion: input.token_version,
    tokenKey: input.token_key,
    verifySsl: input.verify_ssl,
    enabled: input.enabled,
    sourceId: input.source_id,
  };
  if (input.token !== undefined) {
    columns.token = encryptSecret(input.token);
    columns.credentialFingerprint = secretFingerprint(input.token);
  }
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
}

function current(): Row | undefined {
  return backendDb().select().from(backendNetboxEndpoints).orderBy(backendNetboxEndpoints.id).get();
}

/** `GET /netbox/endpoint`: the endpoint, or 404. */
export function getNetboxEndpoint() {
  const row = current();
  if (!row) throw detail(404, NONE);
  return serializeNetboxEndpoint(row);
}

/** `POST /netbox/endpoint`: creates the endpoint; a second one is a 409 (the seed's rule). */
export function createNetboxEndpoint(body: unknown) {
  const input = parseBody(createNetboxEndpointSchema, body);
  const row = backendDb().transaction(
    (tx) => {
      if (tx.select({ id: backendNetboxEndpoints.id }).from(backendNetboxEndpoints).get())
        throw detail(409, ONLY_ONE_NETBOX);
      return tx
        .insert(backendNetboxEndpoints)
        .values({ ...columnsOf(input), url: input.url ?? netboxUrlOf(input) })
        .returning()
        .get();
    },
    { behavior: 'immediate' },
  );
  return serializeNetboxEndpoint(row);
}

/** `PUT /netbox/endpoint`: changes the given fields; the token only when one is sent. */
export function updateNetboxEndpoint(body: unknown) {
  const input = parseBody(updateNetboxEndpointSchema, body);
  const row = current();
  if (!row) throw detail(404, NONE);
  const addressChanged =
    input.url === undefined &&
    (input.domain !== undefined ||
      input.ip_address !== undefined ||
      input.port !== undefined ||
      input.verify_ssl !== undefined);
  const derived = addressChanged
    ? {
        url: netboxUrlOf({
          domain: input.domain ?? row.domain,
          ip_address: input.ip_address ?? row.ipAddress,
          port: input.port ?? row.port,
          verify_ssl: input.verify_ssl ?? row.verifySsl,
        }),
      }
    : {};
  const updated = backendDb()
    .update(backendNetboxEndpoints)
    .set({ ...columnsOf(input), ...derived, updatedAt: Date.now() / 1000 })
    .where(eq(backendNetboxEndpoints.id, row.id))
    .returning()
    .get();
  return serializeNetboxEndpoint(updated);
}

/** The singleton by the id proxbox-api's `/netbox/endpoint/{id}` routes use; 404 for another id. */
export function assertNetboxEndpointId(id: number): void {
  if (current()?.id !== id) throw detail(404, 'No NetBox endpoint matches the given query.');
}

/** `DELETE /netbox/endpoint`. */
export function deleteNetboxEndpoint(): void {
  const row = current();
  if (!row) throw detail(404, NONE);
  backendDb().delete(backendNetboxEndpoints).where(eq(backendNetboxEndpoints.id, row.id)).run();
}
