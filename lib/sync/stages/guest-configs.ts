import { parseGuestDevices, type ConfigError, type GuestDevices } from '@/lib/proxmox/config';
import type { SyncContext } from '../context';
import type { Obj } from '../coerce';
import type { GuestInfo } from '../proxmox-data';

export interface GuestConfig {
  guest: GuestInfo;
  config: Obj;
  devices: GuestDevices;
  errors: ConfigError[];
}

/**
 * The parsed configs of the endpoint's readable guests (fetched once per run and shared by the
 * disk, interface and address stages), plus the guests whose config could not be read.
 */
export async function loadGuestConfigs(ctx: SyncContext): Promise<{ ok: true; configs: GuestConfig[]; unreadable: { guest: GuestInfo; error: unknown }[] } | { ok: false; error: unknown }> {
  const listed = await ctx.fetcher.guests();
  if (!listed.ok) return { ok: false, error: listed.error };
  const configs: GuestConfig[] = [];
  const unreadable: { guest: GuestInfo; error: unknown }[] = [];
  const fetched = await Promise.all(listed.value.filter((g) => !g.degraded).map(async (guest) => ({ guest, result: await ctx.fetcher.config(guest) })));
  for (const { guest, result } of fetched) {
    if (!result.ok) {
      unreadable.push({ guest, error: result.error });
      continue;
    }
    const errors: ConfigError[] = [];
    configs.push({ guest, config: result.value, devices: parseGuestDevices(guest.type, result.value, errors), errors });
  }
  return { ok: true, configs, unreadable };
}
