import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// The backend role's own store (the seed's proxbox-api SQLite tables), in data/backend.db.
// Credentials hold AES-256-GCM ciphertext (lib/crypto/secrets.ts); API keys only bcrypt hashes.

/** The NetBox the backend writes to, pushed here by the web UI. */
export const backendNetboxEndpoints = sqliteTable('netbox_endpoint', {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull().default('NetBox Endpoint'),
  url: text().notNull(),
  ipAddress: text(),
  domain: text(),
  port: integer().notNull().default(8000),
  tokenVersion: text({ enum: ['v1', 'v2'] })
    .notNull()
    .default('v1'),
  token: text(),
  tokenKey: text(),
  verifySsl: integer({ mode: 'boolean' }).notNull().default(true),
  enabled: integer({ mode: 'boolean' }).notNull().default(true),
  /** Which web-UI endpoint row this copy mirrors. */
  sourceId: integer(),
  credentialFingerprint: text(),
  updatedAt: real()
    .notNull()
    .default(sql`(unixepoch('subsec'))`),
});

/** A Proxmox endpoint as the sync engine uses it, pushed here by the web UI. */
export const backendProxmoxEndpoints = sqliteTable(
  'proxmox_endpoint',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    name: text().notNull(),
    url: text().notNull(),
    ipAddress: text(),
    domain: text(),
    port: integer().notNull().default(8006),
    username: text().notNull().default('root@pam'),
    password: text(),
    tokenName: text(),
    /** The seed's `token` (token value); encrypted. */
    token: text(),
    verifySsl: integer({ mode: 'boolean' }).notNull().default(false),
    caCertificate: text(),
    clusterName: text(),
    timeout: integer(),
    maxRetries: integer(),
    retryBackoff: real(),
    enabled: integer({ mode: 'boolean' }).notNull().default(true),
    sourceId: integer(),
    credentialFingerprint: text(),
    updatedAt: real()
      .notNull()
      .default(sql`(unixepoch('subsec'))`),
  },
  (t) => [
    uniqueIndex('proxmox_endpoint_name_uniq').on(t.name),
    uniqueIndex('proxmox_endpoint_source_uniq').on(t.sourceId),
  ],
);

/**
 * API keys: `pbx_<keyId>_<secret>`; the public key id makes verification one bcrypt check. Keys
 * a client registers in its own format (the netbox-proxbox plugin's 64-character token) have a
 * random key id and are found by `lookup`, the SHA-256 of the whole key, so they also cost one
 * indexed read and one bcrypt check.
 */
export const apiKeys = sqliteTable(
  'api_key',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    keyId: text().notNull(),
    keyHash: text().notNull(),
    description: text().notNull().default(''),
    /** viewer | operator | admin (lib/auth/roles.ts). */
    role: text({ enum: ['viewer', 'operator', 'admin'] })
      .notNull()
      .default('admin'),
    isActive: integer({ mode: 'boolean' }).notNull().default(true),
    createdAt: real()
      .notNull()
      .default(sql`(unixepoch('subsec'))`),
    lastUsedAt: real(),
    lookup: text(),
  },
  (t) => [
    uniqueIndex('api_key_key_id_uniq').on(t.keyId),
    index('api_key_active_idx').on(t.isActive),
    uniqueIndex('api_key_lookup_uniq').on(t.lookup),
  ],
);

/** Failed-authentication tracking per client IP (5 attempts in 300 s → 429). */
export const authLockouts = sqliteTable('auth_lockout', {
  ip: text().primaryKey(),
  attempts: integer().notNull().default(0),
  firstAttempt: real().notNull(),
  lastAttempt: real().notNull(),
});

/** One row ever: the first-key bootstrap has been used and can never re-open. */
export const apiKeyBootstrapClaims = sqliteTable(
  'api_key_bootstrap_claim',
  {
    id: integer().primaryKey(),
    claimedAt: real()
      .notNull()
      .default(sql`(unixepoch('subsec'))`),
  },
  (t) => [check('bootstrap_claim_single_row', sql`${t.id} = 1`)],
);
