import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { fastapiEndpoints } from '@/db/schema';
import { claimBootstrap, createApiKey, verifyApiKey } from '@/lib/auth/api-keys';
import { isBootstrapped } from '@/lib/backend/keys';
import { decryptSecret, encryptSecret, SecretDecryptionError } from '@/lib/crypto/secrets';
import { systemActor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';

// The seed's bootstrap flow: on start the web role makes sure the FastAPIEndpoint
// singleton exists, pointing at the backend (PROXBOX_BACKEND_URL, else this very process), and
// that it holds a working backend token, registered as the backend's first API key through the
// one-shot bootstrap claim — or, when an operator already used the claim, created directly in
// the key store, so the claim is never re-opened. The token is stored encrypted (write-only).
// PROXBOX_BACKEND_URL is configuration: on every start it moves an existing row to that address.
//
// Safe on every start and from several processes at once: the row is inserted ON CONFLICT DO
// NOTHING, and the token is checked and issued under a row lock, so one key is issued.

export const BACKEND_KEY_DESCRIPTION = 'Proxbox web UI (FastAPI endpoint backend token)';

export interface BackendAddress {
  useHttps: boolean;
  domain: string;
  port: number;
  /** Set by PROXBOX_BACKEND_URL: then it also moves an existing FastAPI endpoint there. */
  fromEnv?: boolean;
}

export interface RegistrationResult {
  endpointCreated: boolean;
  /** An existing FastAPI endpoint was moved to PROXBOX_BACKEND_URL. */
  addressChanged: boolean;
  /** `kept`: the stored token still works; otherwise how a new one was issued. */
  token: 'kept' | 'bootstrap' | 'direct';
}

/** Where the backend listens: PROXBOX_BACKEND_URL, else http://127.0.0.1:$PORT (this process). */
export function backendAddress(env: Record<string, string | undefined> = process.env): BackendAddress {
  const raw = env.PROXBOX_BACKEND_URL?.trim();
  if (!raw) return { useHttps: false, domain: '127.0.0.1', port: Number(env.PORT || 3000) };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PROXBOX_BACKEND_URL is not a URL: "${raw}" (expected e.g. http://127.0.0.1:8800).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`PROXBOX_BACKEND_URL must be an http:// or https:// URL, not "${raw}".`);
  if (url.pathname !== '/' || url.search || url.username)
    throw new Error(`PROXBOX_BACKEND_URL must be an origin only (scheme, host, port), not "${raw}".`);
  const useHttps = url.protocol === 'https:';
  return { useHttps, domain: url.hostname, port: url.port ? Number(url.port) : useHttps ? 443 : 80, fromEnv: true };
}

async function tokenWorks(stored: string): Promise<boolean> {
  try {
    return (await verifyApiKey(decryptSecret(stored))) !== null;
  } catch (err) {
    if (err instanceof SecretDecryptionError) return false;
    throw err;
  }
}

/** A new key for the web UI: the bootstrap claim while it is unused, else a direct key. */
async function issueBackendKey(): Promise<{ key: string; via: 'bootstrap' | 'direct' }> {
  if (!isBootstrapped()) {
    try {
      return {
        key: (await createApiKey(systemActor, { description: BACKEND_KEY_DESCRIPTION, bootstrap: true })).key,
        via: 'bootstrap',
      };
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'conflict')) throw err;
    }
  } else {
    // Keys exist without a claim (created by an operator): close the bootstrap for good.
    claimBootstrap();
  }
  return { key: (await createApiKey(systemActor, { description: BACKEND_KEY_DESCRIPTION })).key, via: 'direct' };
}

/** Creates the FastAPIEndpoint and its backend token when missing or no longer valid. */
export async function ensureBackendRegistration(
  db: Database,
  address: BackendAddress = backendAddress(),
): Promise<RegistrationResult> {
  const inserted = await db
    .insert(fastapiEndpoints)
    .values({
      domain: address.domain,
      port: address.port,
      useHttps: address.useHttps,
      description: 'Created on first start: the backend this app pushes endpoints to.',
    })
    .onConflictDoNothing()
    .returning({ id: fastapiEndpoints.id });
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(fastapiEndpoints).limit(1).for('update');
    if (!row) throw new Error('The FastAPI endpoint disappeared while its backend token was being registered.');
    const move =
      address.fromEnv === true &&
      (row.domain !== address.domain ||
        row.port !== address.port ||
        row.useHttps !== address.useHttps ||
        row.ipAddressId !== null);
    if (move)
      await tx
        .update(fastapiEndpoints)
        .set({
          domain: address.domain,
          port: address.port,
          useHttps: address.useHttps,
          ipAddressId: null,
          lastUpdated: new Date(),
        })
        .where(eq(fastapiEndpoints.id, row.id));
    const result = { endpointCreated: inserted.length > 0, addressChanged: move && inserted.length === 0 };
    if (row.backendToken && (await tokenWorks(row.backendToken))) return { ...result, token: 'kept' as const };
    const issued = await issueBackendKey();
    await tx
      .update(fastapiEndpoints)
      .set({ backendToken: encryptSecret(issued.key), lastUpdated: new Date() })
      .where(eq(fastapiEndpoints.id, row.id));
    return { ...result, token: issued.via };
  });
}
