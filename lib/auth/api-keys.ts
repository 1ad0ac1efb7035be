import { createHash, randomInt } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { getBackendStore, type BackendDb, type BackendHandle } from '@/db/backend/client';
import { apiKeyBootstrapClaims, apiKeys } from '@/db/backend/schema';
import type { Actor } from '@/lib/data/actor';
import { AppError, notFound, validationError } from '@/lib/data/errors';
import { assertCan } from '@/lib/data/permissions';
import { BcryptInputError, compareOffThread, hashOffThread } from './bcrypt-pool';
import { isRole, type Role } from './roles';

// API keys for automation (the JSON API and the backend API), stored in the backend SQLite
// store. A key is `pbx_<keyId>_<secret>`: the public key id finds the row with one indexed
// read, so verifying costs ONE bcrypt comparison however many keys exist (the seed compared
// against every stored hash). Only bcrypt(secret) is stored; the full key is shown once.

export const API_KEY_BCRYPT_COST = 12;
const KEY_ID_LENGTH = 12;
const SECRET_LENGTH = 40;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const KEY_PATTERN = new RegExp(`^pbx_([A-Za-z0-9]{${KEY_ID_LENGTH}})_([A-Za-z0-9]{${SECRET_LENGTH}})$`);
/** Keys a client registers in its own format (the seed's `api_key`, at least 32 characters). */
export const MIN_REGISTERED_KEY_LENGTH = 32;
export const MAX_REGISTERED_KEY_LENGTH = 512;
/** A verified key is trusted from memory until idle this long (its row's is_active is still re-read). */
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;
/** `last_used_at` is written at most this often per key (NetBox does the same). */
const LAST_USED_INTERVAL_S = 60;

export interface ApiKeySummary {
  id: number;
  keyId: string;
  description: string;
  role: Role;
  isActive: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** A key the client chose (registered), not one minted as `pbx_<keyId>_<secret>`. */
  registered: boolean;
}
export interface CreatedApiKey extends ApiKeySummary {
  /** The full key: shown once, never stored. */
  key: string;
}
export interface VerifiedApiKey {
  id: number;
  keyId: string;
  description: string;
  role: Role;
}

/** The actor a verified key acts as in the data layer. */
export function apiKeyActor(key: VerifiedApiKey, requestId?: string): Actor {
  return { kind: 'apikey', keyId: key.keyId, description: key.description, role: key.role, requestId };
}

/** A stored role, read defensively: an unknown value grants the least. */
const roleOf = (value: string): Role => (isRole(value) ? value : 'viewer');

const MANAGE_KEYS = 'You do not have permission to manage API keys (administrators only).';

let storeOverride: BackendHandle | null = null;
const verified = new Map<string, { key: VerifiedApiKey; expiresAt: number }>();

/** Tests point the key store (and the lockout) at their own backend store; null restores the default. */
export function setBackendStoreForTests(handle: BackendHandle | null): void {
  storeOverride = handle;
  verified.clear();
}

/** The backend store this module and lib/auth/lockout.ts use. */
export function backendDb(): BackendDb {
  return (storeOverride ?? getBackendStore()).db;
}

/** How many verified keys are remembered and not yet idle past the TTL at `now` (the backend's /cache routes). */
export function apiKeyCacheSize(now = Date.now()): number {
  let live = 0;
  for (const entry of verified.values()) if (entry.expiresAt > now) live++;
  return live;
}

/** Forgets cached verifications (tests; revocation does not need it, see verifyApiKey). */
export function clearApiKeyCache(): void {
  verified.clear();
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function randomText(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

function toSummary(row: typeof apiKeys.$inferSelect): ApiKeySummary {
  return {
    id: row.id,
    keyId: row.keyId,
    description: row.description,
    role: roleOf(row.role),
    isActive: row.isActive,
    createdAt: new Date(row.createdAt * 1000),
    lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt * 1000),
    registered: row.lookup !== null,
  };
}

/**
 * Creates a key (administrators; the system at startup and in scripts) and returns it with its
 * full text (shown once). `role` defaults to admin, a full key. With `bootstrap`, the one-time
 * bootstrap claim is taken in the same transaction, so the first key and the claim are never
 * separated by a crash; a second bootstrap is a conflict.
 */
export async function createApiKey(
  actor: Actor,
  input: { description?: string; role?: Role; bootstrap?: boolean; rawKey?: string },
): Promise<CreatedApiKey> {
  assertCan(actor, 'admin', MANAGE_KEYS);
  const role = input.role ?? 'admin';
  if (!isRole(role)) throw validationError({ role: ['Choose viewer, operator or admin.'] });
  const description = (input.description ?? '').trim();
  if (description.length > 200)
    throw validationError({ description: ['Ensure this field has no more than 200 characters.'] });
  if (
    input.rawKey !== undefined &&
    (input.rawKey.length < MIN_REGISTERED_KEY_LENGTH || input.rawKey.length > MAX_REGISTERED_KEY_LENGTH)
  ) {
    throw validationError({
      api_key: [`The API key must be ${MIN_REGISTERED_KEY_LENGTH} to ${MAX_REGISTERED_KEY_LENGTH} characters long.`],
    });
  }
  const keyId = randomText(KEY_ID_LENGTH);
  const secret = randomText(SECRET_LENGTH);
  // A key the client chose is hashed whole and found by its SHA-256 (see verifyApiKey).
  const keyHash = await hashOffThread(input.rawKey ?? secret, API_KEY_BCRYPT_COST);
  const lookup = input.rawKey === undefined ? null : sha256(input.rawKey);
  const row = backendDb().transaction(
    (tx) => {
      if (
        input.bootstrap &&
        tx.insert(apiKeyBootstrapClaims).values({ id: 1 }).onConflictDoNothing().run().changes !== 1
      ) {
        throw new AppError('conflict', 'The API key bootstrap has already been used.');
      }
      if (lookup !== null && tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.lookup, lookup)).get()) {
        throw new AppError('conflict', 'This API key is already registered.');
      }
      return tx.insert(apiKeys).values({ keyId, keyHash, description, role, lookup }).returning().get();
    },
    { behavior: 'immediate' },
  );
  return { ...toSummary(row), key: input.rawKey ?? `pbx_${keyId}_${secret}` };
}

function touch(id: number, lastUsedAt: number | null, nowMs: number): void {
  const now = nowMs / 1000;
  if (lastUsedAt !== null && now - lastUsedAt < LAST_USED_INTERVAL_S) return;
  backendDb().update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id)).run();
}

function remember(cacheKey: string, key: VerifiedApiKey, now: number): void {
  if (verified.size >= CACHE_MAX_ENTRIES) {
    for (const [k, v] of verified) if (v.expiresAt <= now) verified.delete(k);
    if (verified.size >= CACHE_MAX_ENTRIES) verified.delete(verified.keys().next().value as string);
  }
  verified.set(cacheKey, { key, expiresAt: now + CACHE_TTL_MS });
}

/** A remembered verification: the key's identity after one primary-key read of its state, else undefined. */
function cachedKey(raw: string, cacheKey: string, now: number): VerifiedApiKey | null | undefined {
  const hit = verified.get(cacheKey);
  if (!hit || hit.expiresAt <= now) return undefined;
  const keyId = KEY_PATTERN.exec(raw)?.[1];
  const state = backendDb()
    .select({
      keyId: apiKeys.keyId,
      isActive: apiKeys.isActive,
      role: apiKeys.role,
      lastUsedAt: apiKeys.lastUsedAt,
      lookup: apiKeys.lookup,
    })
    .from(apiKeys)
    .where(eq(apiKeys.id, hit.key.id))
    .get();
  // A minted key is still the row of its key id; a registered one still the row of its SHA-256.
  const same = state && (state.lookup !== null ? state.lookup === cacheKey : state.keyId === keyId);
  if (!state || !state.isActive || !same) {
    verified.delete(cacheKey);
    return null;
  }
  // Sliding expiry: a key in use is never re-hashed; one idle for the TTL is checked again.
  hit.expiresAt = now + CACHE_TTL_MS;
  touch(hit.key.id, state.lastUsedAt, now);
  return { ...hit.key, role: roleOf(state.role) };
}

/** One bcrypt comparison on the worker pool (lib/auth/bcrypt-pool.ts); a malformed stored hash is a mismatch. */
async function matches(plain: string, keyHash: string): Promise<boolean> {
  return compareOffThread(plain, keyHash).catch((error: unknown) => {
    if (error instanceof BcryptInputError) return false;
    throw error;
  });
}

async function hashCheck(raw: string, cacheKey: string, now: number): Promise<VerifiedApiKey | null> {
  const match = KEY_PATTERN.exec(raw);
  if (!match)
    return raw.length >= MIN_REGISTERED_KEY_LENGTH && raw.length <= MAX_REGISTERED_KEY_LENGTH
      ? verifyRegisteredKey(raw)
      : null;
  const [, keyId, secret] = match;
  const row = backendDb().select().from(apiKeys).where(eq(apiKeys.keyId, keyId)).get();
  // A registered key may happen to look like ours: it is then found by its lookup.
  if (!row || row.lookup !== null) return verifyRegisteredKey(raw);
  if (!row.isActive) return null;
  if (!(await matches(secret, row.keyHash))) return null;
  const key: VerifiedApiKey = { id: row.id, keyId: row.keyId, description: row.description, role: roleOf(row.role) };
  remember(cacheKey, key, now);
  touch(row.id, row.lastUsedAt, now);
  return key;
}

/**
 * A key registered in the client's own format: one indexed read by the SHA-256 of the key, then
 * one bcrypt comparison of the whole key (never a scan of every hash). Cached like our own keys.
 */
async function verifyRegisteredKey(raw: string): Promise<VerifiedApiKey | null> {
  const now = Date.now();
  const cacheKey = sha256(raw);
  const hit = verified.get(cacheKey);
  if (hit && hit.expiresAt > now) {
    const state = backendDb()
      .select({
        isActive: apiKeys.isActive,
        role: apiKeys.role,
        lastUsedAt: apiKeys.lastUsedAt,
        lookup: apiKeys.lookup,
      })
      .from(apiKeys)
      .where(eq(apiKeys.id, hit.key.id))
      .get();
    if (!state || !state.isActive || state.lookup !== cacheKey) {
      verified.delete(cacheKey);
      return null;
    }
    hit.expiresAt = now + CACHE_TTL_MS;
    touch(hit.key.id, state.lastUsedAt, now);
    return { ...hit.key, role: roleOf(state.role) };
  }
  const row = backendDb().select().from(apiKeys).where(eq(apiKeys.lookup, cacheKey)).get();
  if (!row || !row.isActive) return null;
  if (!(await matches(raw, row.keyHash))) return null;
  const key: VerifiedApiKey = { id: row.id, keyId: row.keyId, description: row.description, role: roleOf(row.role) };
  remember(cacheKey, key, now);
  touch(row.id, row.lastUsedAt, now);
  return key;
}

/** Hash checks under way, by sha256 of the key: a burst of requests with one key costs one bcrypt. */
const inflight = new Map<string, Promise<VerifiedApiKey | null>>();

export interface KeyCheck {
  key: VerifiedApiKey | null;
  /** Whether `beforeGuess` ran for this call (false: answered from memory or by joining a check under way). */
  guessed: boolean;
}

/**
 * Checks `raw`. A remembered key costs one primary-key read (revocation stays immediate); a call
 * that would run a new check (an index read and one bcrypt) first calls `beforeGuess`, which
 * may throw to refuse it (the lockout counts the attempt there, before the outcome is known).
 * Calls with the same key while its check runs share that check instead of guessing again.
 */
export async function checkApiKey(raw: string, beforeGuess: () => void = () => undefined): Promise<KeyCheck> {
  const now = Date.now();
  const cacheKey = createHash('sha256').update(raw).digest('hex');
  const remembered = cachedKey(raw, cacheKey, now);
  if (remembered !== undefined) return { key: remembered, guessed: false };
  const running = inflight.get(cacheKey);
  if (running) return { key: await running, guessed: false };
  beforeGuess();
  const check = hashCheck(raw, cacheKey, now).finally(() => inflight.delete(cacheKey));
  inflight.set(cacheKey, check);
  return { key: await check, guessed: true };
}

/**
 * The key's identity when `raw` is an active key, else null. One indexed lookup by key id and
 * one bcrypt comparison; a success is remembered until the key is idle for 60 s (keyed by sha256
 * of the key), and a remembered key still costs one primary-key read of `is_active`, so
 * revocation is immediate. Callers facing clients use lib/auth/key-attempt.ts, which counts the
 * attempt for the lockout first.
 */
export async function verifyApiKey(raw: string): Promise<VerifiedApiKey | null> {
  return (await checkApiKey(raw)).key;
}

/** Every key without its hash, oldest first (administrators). */
export function listApiKeys(actor: Actor): ApiKeySummary[] {
  assertCan(actor, 'admin', MANAGE_KEYS);
  return backendDb().select().from(apiKeys).orderBy(apiKeys.id).all().map(toSummary);
}

/**
 * Runs `change` on key `id` unless that would leave no active key (409, as the seed's HEAD) or the
 * key is the one making the request: the web UI manages keys with the web role's own backend
 * token, and retiring that key would cut the web off from the backend mid-click.
 */
type BackendTx = Parameters<Parameters<BackendDb['transaction']>[0]>[0];

function changeGuarded(actor: Actor, id: number, verb: string, change: (tx: BackendTx) => void): void {
  backendDb().transaction(
    (tx) => {
      const row = tx
        .select({ isActive: apiKeys.isActive, keyId: apiKeys.keyId })
        .from(apiKeys)
        .where(eq(apiKeys.id, id))
        .get();
      if (!row) throw notFound('API key');
      if (row.isActive) {
        const [{ n }] = tx.select({ n: count() }).from(apiKeys).where(eq(apiKeys.isActive, true)).all();
        if (n <= 1)
          throw new AppError('conflict', `The last active API key cannot be ${verb}; create another key first.`);
      }
      if (actor.kind === 'apikey' && actor.keyId === row.keyId)
        throw new AppError(
          'conflict',
          `This key cannot be ${verb} with itself: it is the key making the request (for the web UI, the web app's own link to the backend). Use another administrator key.`,
        );
      change(tx);
    },
    { behavior: 'immediate' },
  );
}

export function deactivateApiKey(actor: Actor, id: number): void {
  assertCan(actor, 'admin', MANAGE_KEYS);
  changeGuarded(actor, id, 'deactivated', (tx) =>
    tx.update(apiKeys).set({ isActive: false }).where(eq(apiKeys.id, id)).run(),
  );
}

export function deleteApiKey(actor: Actor, id: number): void {
  assertCan(actor, 'admin', MANAGE_KEYS);
  changeGuarded(actor, id, 'deleted', (tx) => tx.delete(apiKeys).where(eq(apiKeys.id, id)).run());
}

export function activateApiKey(actor: Actor, id: number): void {
  assertCan(actor, 'admin', MANAGE_KEYS);
  const result = backendDb().update(apiKeys).set({ isActive: true }).where(eq(apiKeys.id, id)).run();
  if (result.changes === 0) throw notFound('API key');
}

/**
 * Takes the one-time bootstrap claim: true exactly once in the life of the store, false ever
 * after — even when every key has since been deleted (the seed's re-opening hole).
 */
export function claimBootstrap(): boolean {
  return backendDb().insert(apiKeyBootstrapClaims).values({ id: 1 }).onConflictDoNothing().run().changes === 1;
}
