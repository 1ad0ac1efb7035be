// Guest lists and live state: GET /nodes/{node}/qemu, /nodes/{node}/lxc and
// /nodes/{node}/{qemu|lxc}/{vmid}/status/current.
import { z } from 'zod';
import { opt, optBool, optNum, optStr, pveNum, pveStr } from './primitives';

/** Keys qemu and LXC lists share. Sizes in bytes, `cpu` a 0..1 fraction, `uptime` in seconds. */
const guestListFields = {
  /** An integer, but a string in LXC lists before PVE 8.2. */
  vmid: pveNum,
  /** running | stopped (| unknown). */
  status: pveStr,
  /** "VM <vmid>" / "CT<vmid>" when unset; may be "". */
  name: optStr,
  cpus: optNum,
  cpu: optNum,
  mem: optNum,
  maxmem: optNum,
  disk: optNum,
  maxdisk: optNum,
  netin: optNum,
  netout: optNum,
  diskread: optNum,
  diskwrite: optNum,
  uptime: optNum,
  /** Only while running. */
  pid: optNum,
  /** Only present when 1. */
  template: optBool,
  /** `;`-separated. */
  tags: optStr,
  lock: optStr,
};

export const pveQemuListEntrySchema = z
  .object({
    ...guestListFields,
    /** PVE 9. */
    memhost: optNum,
    serial: optBool,
    /** With full=1. */
    qmpstatus: optStr,
    'running-machine': optStr,
    'running-qemu': optStr,
  })
  .loose();
export const pveQemuListSchema = z.array(pveQemuListEntrySchema);
export type PveQemuListEntry = z.infer<typeof pveQemuListEntrySchema>;

export const pveLxcListEntrySchema = z
  .object({ ...guestListFields, type: optStr, swap: optNum, maxswap: optNum })
  .loose();
export const pveLxcListSchema = z.array(pveLxcListEntrySchema);
export type PveLxcListEntry = z.infer<typeof pveLxcListEntrySchema>;

/**
 * status/current of a VM or CT. A paused VM is status "running" with qmpstatus "paused"; a
 * hibernated one is "stopped" with lock "suspended". Stopped guests return only the base keys.
 */
export const pveGuestStatusSchema = z
  .object({
    ...guestListFields,
    vmid: opt(pveNum),
    qmpstatus: optStr,
    /** qemu: 1 when the agent option is enabled. */
    agent: optBool,
    ha: opt(z.object({ managed: optBool, state: optStr, group: optStr }).loose()),
    type: optStr,
    swap: optNum,
    maxswap: optNum,
    balloon: optNum,
    freemem: optNum,
    shares: optNum,
    'running-machine': optStr,
    'running-qemu': optStr,
  })
  .loose();
export type PveGuestStatus = z.infer<typeof pveGuestStatusSchema>;
