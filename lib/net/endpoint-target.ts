import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { ipAddresses } from '@/db/schema';
import { loadAddressPolicy } from './address-policy';
import { isSsrfBlockedError, resolveAllowed } from './ssrf-guard';

// The save-time half of the SSRF guard: an endpoint whose address the policy refuses is not
// saved, with the reason beside the field that holds the address. The request-time half (every
// connection's lookup) still applies, because a name may resolve differently later.

/**
 * Field errors for the address of an endpoint row (`domain`, else `ipAddressId`): empty when the
 * address may be contacted or cannot be resolved now (an unknown name fails at request time
 * like any other connection error).
 */
export async function checkEndpointTarget(
  db: Database,
  values: Record<string, unknown>,
): Promise<Record<string, string[]>> {
  const domain = typeof values.domain === 'string' ? values.domain.trim() : '';
  let host = domain;
  let field = 'domain';
  if (!host && typeof values.ipAddressId === 'number') {
    const [ip] = await db
      .select({ address: ipAddresses.address })
      .from(ipAddresses)
      .where(eq(ipAddresses.id, values.ipAddressId));
    host = ip?.address.split('/')[0] ?? '';
    field = 'ipAddressId';
  }
  if (!host) return {};
  try {
    await resolveAllowed(host, await loadAddressPolicy(db));
    return {};
  } catch (error) {
    if (isSsrfBlockedError(error)) {
      return {
        [field]: [
          `Proxbox will not connect to this address: ${error.message}. Use the server's real address, or allow the range in Plugin settings.`,
        ],
      };
    }
    return {};
  }
}
