import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { fastapiEndpoints, ipAddresses } from '@/db/schema';
import { decryptSecret, SecretDecryptionError } from '@/lib/crypto/secrets';
import { loadAddressPolicy } from '@/lib/net/address-policy';
import type { BackendTarget } from './http';

// Where the web role finds its backend: the FastAPIEndpoint singleton (address + backend token),
// as the seed's plugin does. Nothing else tells the UI where the backend runs.

/** Why there is no usable backend target (shown on the endpoint pages). */
export class NoBackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoBackendError';
  }
}

async function hostOf(db: Database, row: typeof fastapiEndpoints.$inferSelect): Promise<string | null> {
  if (row.domain) return row.domain;
  if (row.ipAddressId === null) return null;
  const [ip] = await db
    .select({ address: ipAddresses.address })
    .from(ipAddresses)
    .where(eq(ipAddresses.id, row.ipAddressId));
  const host = ip?.address.split('/')[0];
  return host ? (host.includes(':') ? `[${host}]` : host) : null;
}

/** The backend's base URL and token, or NoBackendError saying what is missing. */
export async function loadBackendTarget(db: Database): Promise<BackendTarget> {
  const [row] = await db.select().from(fastapiEndpoints).limit(1);
  if (!row)
    throw new NoBackendError(
      'No FastAPI endpoint (backend) is configured; restart the app to create it, or add one under FastAPI endpoints.',
    );
  if (!row.enabled) throw new NoBackendError(`The FastAPI endpoint "${row.name}" is disabled.`);
  const host = await hostOf(db, row);
  if (!host) throw new NoBackendError(`The FastAPI endpoint "${row.name}" has neither a domain nor an IP address.`);
  if (!row.backendToken)
    throw new NoBackendError(
      `The FastAPI endpoint "${row.name}" has no backend token yet; it is registered when the app starts.`,
    );
  let token: string;
  try {
    token = decryptSecret(row.backendToken);
  } catch (err) {
    if (err instanceof SecretDecryptionError)
      throw new NoBackendError(
        `The backend token of "${row.name}" cannot be decrypted (the secret key changed); restart the app to register a new one.`,
      );
    throw err;
  }
  return {
    baseUrl: `${row.useHttps ? 'https' : 'http'}://${host}:${row.port}`,
    token,
    verifySsl: row.verifySsl,
    policy: await loadAddressPolicy(db),
  };
}
