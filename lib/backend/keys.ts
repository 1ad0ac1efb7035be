import { count } from 'drizzle-orm';
import { z } from 'zod';
import { apiKeyBootstrapClaims, apiKeys } from '@/db/backend/schema';
import {
  backendDb,
  claimBootstrap,
  createApiKey,
  listApiKeys,
  MAX_REGISTERED_KEY_LENGTH,
  MIN_REGISTERED_KEY_LENGTH,
  type ApiKeySummary,
  type CreatedApiKey,
} from '@/lib/auth/api-keys';
import { detail } from '@/lib/api/errors';
import { ROLES, type Role } from '@/lib/auth/roles';
import { systemActor, type Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { parseBody } from './http';

// The backend's key routes (the seed's /auth/*) on top of lib/auth/api-keys.ts: the seed's JSON
// shapes (`id, label, is_active, created_at`, `raw_key` once on create) plus Proxbox's own fields
// (`key_id`, `description`, `read_only`, `last_used_at`), never a hash.

export const createKeySchema = z
  .object({
    description: z.string().trim().max(200).optional(),
    /** The seed's name for the description. */
    label: z.string().trim().max(200).optional(),
    /** viewer | operator | admin (default admin). */
    role: z.enum(ROLES).optional(),
    /** The seed's flag: true is a viewer key, false an admin key. */
    read_only: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.role === undefined || v.read_only === undefined || v.read_only === (v.role === 'viewer'), {
    message: 'read_only contradicts role; send one of them.',
    path: ['role'],
  });

function roleFromBody(input: { role?: Role; read_only?: boolean }): Role {
  return input.role ?? (input.read_only ? 'viewer' : 'admin');
}

/**
 * `POST /auth/register-key`: the seed's body is `{"api_key", "label"}` — the client (the
 * netbox-proxbox plugin) generated the key itself; without `api_key` the backend mints one.
 */
export const registerKeySchema = createKeySchema.extend({
  api_key: z
    .string()
    .min(MIN_REGISTERED_KEY_LENGTH, `The API key must be at least ${MIN_REGISTERED_KEY_LENGTH} characters long.`)
    .max(MAX_REGISTERED_KEY_LENGTH, `The API key must be at most ${MAX_REGISTERED_KEY_LENGTH} characters long.`)
    .optional(),
});

export const BOOTSTRAP_CLOSED =
  'The first API key has already been registered; bootstrap is closed. Create further keys with an existing key or from the API keys page.';

/** A key as the backend API shows it (no hash, no secret). */
export function serializeKey(key: ApiKeySummary) {
  return {
    id: key.id,
    label: key.description,
    key_id: key.keyId,
    description: key.description,
    role: key.role,
    read_only: key.role === 'viewer',
    is_active: key.isActive,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
  };
}

function serializeCreated(key: CreatedApiKey) {
  return { ...serializeKey(key), raw_key: key.key };
}

/**
 * Whether the first-key bootstrap is over: its one-time claim was taken, or keys exist (created
 * from the UI or the command line), which closes it too.
 */
export function isBootstrapped(): boolean {
  const db = backendDb();
  if (db.select({ id: apiKeyBootstrapClaims.id }).from(apiKeyBootstrapClaims).get()) return true;
  const [{ n }] = db.select({ n: count() }).from(apiKeys).all();
  return n > 0;
}

/** Whether any key row exists (the seed's `has_db_keys`). */
export function hasDbKeys(): boolean {
  const [{ n }] = backendDb().select({ n: count() }).from(apiKeys).all();
  return n > 0;
}

/** `GET /auth/bootstrap-status`. */
export function bootstrapStatusBody() {
  const bootstrapped = isBootstrapped();
  return { needs_bootstrap: !bootstrapped, has_db_keys: hasDbKeys(), bootstrapped };
}

/** `GET /auth/keys`: every key, oldest first. */
export function listKeysBody(actor: Actor) {
  return listApiKeys(actor).map(serializeKey);
}

/** `POST /auth/keys`: a new key, shown once. */
export async function createKeyFromBody(actor: Actor, body: unknown) {
  const input = parseBody(createKeySchema, body);
  const key = await createApiKey(actor, { description: input.description ?? input.label, role: roleFromBody(input) });
  return serializeCreated(key);
}

/**
 * `POST /auth/register-key`: the first key, without authentication, exactly once in the life of
 * the store. When keys already exist the claim is taken (and refused) so it can never re-open.
 */
export async function registerFirstKey(body: unknown): Promise<ReturnType<typeof serializeKey> & { raw_key?: string }> {
  const input = parseBody(registerKeySchema, body);
  if (isBootstrapped()) {
    claimBootstrap();
    throw detail(409, BOOTSTRAP_CLOSED);
  }
  try {
    // The one unauthenticated creation: the bootstrap claim, taken once, is its authorization.
    const key = await createApiKey(systemActor, {
      description: input.description ?? input.label ?? 'bootstrap',
      role: roleFromBody(input),
      bootstrap: true,
      rawKey: input.api_key,
    });
    // A key the client chose is not echoed back: it already has it.
    return input.api_key === undefined ? serializeCreated(key) : serializeKey(key);
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict') throw detail(409, BOOTSTRAP_CLOSED);
    throw err;
  }
}
