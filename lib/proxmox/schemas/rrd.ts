// GET /nodes/{node}/{qemu|lxc}/{vmid}/rrddata?timeframe=... : one point per step; keys vary with
// the guest's state (a stopped guest has only the max* sizes), so all but `time` are optional.
import { z } from 'zod';
import { optNum, pveNum } from './primitives';

export const pveRrdPointSchema = z
  .object({
    time: pveNum,
    cpu: optNum,
    maxcpu: optNum,
    mem: optNum,
    maxmem: optNum,
    disk: optNum,
    maxdisk: optNum,
    netin: optNum,
    netout: optNum,
    diskread: optNum,
    diskwrite: optNum,
  })
  .loose();
export const pveRrdDataSchema = z.array(pveRrdPointSchema);
export type PveRrdPoint = z.infer<typeof pveRrdPointSchema>;
