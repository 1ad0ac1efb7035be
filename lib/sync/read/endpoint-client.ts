import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ipAddresses, type ProxmoxEndpoint } from '@/db/schema';
import { decryptSecret } from '@/lib/crypto/secrets';
import { ProxmoxClient } from '@/lib/proxmox/client';
import { ProxmoxError } from '@/lib/proxmox/errors';
import { loadAddressPolicy } from '@/lib/net/address-policy';
import { isSsrfBlockedError, resolveAllowed, SSRF_SUGGESTION } from '@/lib/net/ssrf-guard';
import type { ProxmoxReader } from './fetch';

/** Host of an endpoint: its domain, else the host part of its IP address. */
export async function endpointHost(db: Database, endpoint: ProxmoxEndpoint): Promise<string | null> {
  if (endpoint.domain) return endpoint.domain;
  if (endpoint.ipAddressId === null) return null;
  const [ip] = await db
    .select({ address: ipAddresses.address })
    .from(ipAddresses)
    .where(eq(ipAddresses.id, endpoint.ipAddressId));
  const host = ip?.address.split('/')[0];
  return host ? (host.includes(':') ? `[${host}]` : host) : null;
}

/** A reader that fails every call with one error (missing host or token): the run records it. */
export function failingReader(error: ProxmoxError): ProxmoxReader {
  return { requestCount: 0, get: () => Promise.reject(error), getPage: () => Promise.reject(error) };
}

/**
 * The Proxmox client of an endpoint: always HTTPS (pveproxy), API token `user@realm!name` (or the
 * user's password with tickets when it has no token), TLS
 * verification per endpoint (self-signed is the norm), timeouts and retries per endpoint or from
 * the settings, and the settings' fetch concurrency.
 */
export async function createEndpointReaderFactory(
  db: Database,
  settings: {
    proxmoxTimeout: number;
    proxmoxMaxRetries: number;
    proxmoxRetryBackoff: number;
    proxboxFetchMaxConcurrency: number;
  },
) {
  const policy = await loadAddressPolicy(db);
  return async (endpoint: ProxmoxEndpoint): Promise<ProxmoxReader> => {
    const host = await endpointHost(db, endpoint);
    const path = `/endpoints/${endpoint.id}`;
    if (!host)
      return failingReader(
        new ProxmoxError({
          category: 'validation',
          status: null,
          path,
          message: 'The endpoint has neither a domain nor an IP address.',
          suggestion: 'Edit the endpoint and set its domain or IP address.',
        }),
      );
    // A token when the endpoint has one; else the user's password, logged in with tickets.
    const token = endpoint.tokenName && endpoint.tokenValue;
    if (!token && !endpoint.password) {
      return failingReader(
        new ProxmoxError({
          category: 'authentication',
          status: null,
          path,
          message: 'The endpoint has neither an API token nor a password.',
          suggestion:
            "Create an API token in Proxmox (Datacenter → Permissions → API Tokens) and enter its name and secret, or enter the password of the endpoint's user.",
        }),
      );
    }
    // A refused address fails the whole run for this endpoint once, before any request; the
    // client's own lookup still checks every connection (the DNS answer may change later).
    try {
      await resolveAllowed(host, policy);
    } catch (error) {
      if (isSsrfBlockedError(error)) {
        return failingReader(
          new ProxmoxError({
            category: 'connection',
            status: null,
            path,
            message: `Refused to contact the endpoint: ${error.message}`,
            suggestion: SSRF_SUGGESTION,
            detail: 'ESSRFBLOCKED',
          }),
        );
      }
      // DNS failures are reported by the client, classified like any other connection error.
    }
    return new ProxmoxClient({
      baseUrl: `https://${host}:${endpoint.port}`,
      ...(token
        ? { tokenId: `${endpoint.username}!${endpoint.tokenName}`, tokenSecret: decryptSecret(endpoint.tokenValue!) }
        : { login: { username: endpoint.username, password: decryptSecret(endpoint.password!) } }),
      verifySsl: endpoint.verifySsl,
      caCertificate: endpoint.caCertificate ?? undefined,
      timeoutMs: (endpoint.timeout ?? settings.proxmoxTimeout) * 1000,
      retries: endpoint.maxRetries ?? Math.max(settings.proxmoxMaxRetries, 0),
      retryBackoffMs: Math.round((endpoint.retryBackoff ?? settings.proxmoxRetryBackoff) * 1000),
      concurrency: settings.proxboxFetchMaxConcurrency,
      addressPolicy: policy,
    });
  };
}
