import type { ParsedGuestConfig } from '../read/fetch';
import { recordIssue, type SyncContext } from '../context';
import { coversGuest } from '../scope/object-scope';
import type { StageName } from '../types';
import type { GuestInfo } from '../read/proxmox-data';

export interface GuestConfig extends ParsedGuestConfig {
  guest: GuestInfo;
}

/**
 * The parsed configs of the endpoint's readable guests (fetched and parsed once per run and shared
 * by the disk, interface and address stages), plus the guests whose config could not be read. Under an
 * object scope, only the scope's guests: the stages then find and remove nothing of the others.
 */
export async function loadGuestConfigs(
  ctx: SyncContext,
): Promise<
  | { ok: true; configs: GuestConfig[]; unreadable: { guest: GuestInfo; error: unknown }[] }
  | { ok: false; error: unknown }
> {
  const listed = await ctx.fetcher.guests();
  if (!listed.ok) return { ok: false, error: listed.error };
  const configs: GuestConfig[] = [];
  const unreadable: { guest: GuestInfo; error: unknown }[] = [];
  const fetched = await Promise.all(
    listed.value
      .filter((g) => !g.degraded && coversGuest(ctx.scope, g))
      .map(async (guest) => ({ guest, result: await ctx.fetcher.parsedConfig(guest) })),
  );
  for (const { guest, result } of fetched) {
    if (!result.ok) {
      unreadable.push({ guest, error: result.error });
      continue;
    }
    configs.push({ guest, ...result.value });
  }
  return { ok: true, configs, unreadable };
}

/**
 * Config entries a stage could not parse (a disk, a NIC, an ipconfig) are errors of that stage:
 * the object is missing from the inventory, so the run must say so rather than skip it quietly.
 */
export function reportConfigErrors(
  ctx: SyncContext,
  stage: StageName,
  configs: GuestConfig[],
  ownsKey: (key: string) => boolean,
): void {
  for (const { guest, errors } of configs) {
    for (const e of errors.filter((x) => ownsKey(x.key))) {
      recordIssue(ctx, stage, `${guest.type}/${guest.vmid} ${e.key}`, {
        category: 'validation',
        message: `Cannot read ${e.key} = ${JSON.stringify(e.value)}: ${e.error}`,
        suggestion:
          'Check the guest configuration in Proxmox; this entry is left out of the inventory until it parses.',
      });
    }
  }
}
