// GET /nodes and GET /nodes/{node}/status.
import { z } from 'zod';
import { opt, optBool, optNum, optStr, pveNum, pveStr } from './primitives';

/** Offline nodes carry only the identity fields (node, id, type, status). */
export const pveNodeSchema = z
  .object({
    node: pveStr,
    status: pveStr,
    id: optStr,
    type: optStr,
    cpu: optNum,
    maxcpu: optNum,
    mem: optNum,
    maxmem: optNum,
    disk: optNum,
    maxdisk: optNum,
    uptime: optNum,
    level: optStr,
    ssl_fingerprint: optStr,
  })
  .loose();
export const pveNodeListSchema = z.array(pveNodeSchema);
export type PveNode = z.infer<typeof pveNodeSchema>;

const usageSchema = z.object({ total: optNum, used: optNum, free: optNum, avail: optNum, available: optNum }).loose();

export const pveNodeStatusSchema = z
  .object({
    cpu: optNum,
    cpuinfo: opt(
      z
        .object({
          model: optStr,
          sockets: optNum,
          cores: optNum,
          cpus: optNum,
          /** "3400.000" on the wire. */
          mhz: optNum,
          /** "1" on the wire. */
          hvm: optBool,
          flags: optStr,
          user_hz: optNum,
        })
        .loose(),
    ),
    memory: opt(usageSchema),
    swap: opt(usageSchema),
    rootfs: opt(usageSchema),
    ksm: opt(z.object({ shared: optNum }).loose()),
    /** ["0.00","0.00","0.00"] on the wire. */
    loadavg: opt(z.array(pveNum)),
    uptime: optNum,
    idle: optNum,
    wait: optNum,
    kversion: optStr,
    /** "pve-manager/7.4-16/0f39f621". */
    pveversion: optStr,
    'boot-info': opt(z.object({ mode: optStr, secureboot: optBool }).loose()),
    'current-kernel': opt(z.object({ sysname: optStr, release: optStr, version: optStr, machine: optStr }).loose()),
  })
  .loose();
export type PveNodeStatus = z.infer<typeof pveNodeStatusSchema>;
