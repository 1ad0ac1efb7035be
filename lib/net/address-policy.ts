import type { Database } from '@/db/client';
import { proxboxPluginSettings } from '@/db/schema';
import { DEFAULT_POLICY, policyFromSettings, type AddressPolicy } from './ssrf-guard';

// The SSRF policy of this installation, read from the plugin settings singleton. Read at the
// start of each sync run, health check, backend call and endpoint save, so a settings change
// applies to the next one without a restart.

/** The settings' policy; the built-in default when the singleton does not exist yet. */
export async function loadAddressPolicy(db: Database): Promise<AddressPolicy> {
  const [row] = await db
    .select({
      ssrfProtectionEnabled: proxboxPluginSettings.ssrfProtectionEnabled,
      allowPrivateIps: proxboxPluginSettings.allowPrivateIps,
      additionalAllowedIpRanges: proxboxPluginSettings.additionalAllowedIpRanges,
      explicitlyBlockedIpRanges: proxboxPluginSettings.explicitlyBlockedIpRanges,
    })
    .from(proxboxPluginSettings)
    .limit(1);
  return row ? policyFromSettings(row) : DEFAULT_POLICY;
}
