// GET /cluster/status: one `cluster` entry plus one `node` entry per member;
// a standalone node has no `cluster` entry and a single node entry with nodeid 0.
import { z } from 'zod';
import { optBool, optNum, optStr, otherEntrySchema, pveStr, tagUnknownType } from './primitives';

export const pveClusterStatusClusterSchema = z
  .object({
    type: z.literal('cluster'),
    id: optStr,
    name: pveStr,
    nodes: optNum,
    quorate: optBool,
    version: optNum,
  })
  .loose();

export const pveClusterStatusNodeSchema = z
  .object({
    type: z.literal('node'),
    id: optStr,
    name: pveStr,
    /** 0 on a standalone node. */
    nodeid: optNum,
    /** Missing for members the local node knows nothing about. */
    ip: optStr,
    online: optBool,
    /** 1 for the node that answered the request. */
    local: optBool,
    /** Subscription level, "" when none. */
    level: optStr,
  })
  .loose();

export const pveClusterStatusEntrySchema = z.preprocess(
  tagUnknownType(['cluster', 'node']),
  z.discriminatedUnion('type', [pveClusterStatusClusterSchema, pveClusterStatusNodeSchema, otherEntrySchema]),
);
export const pveClusterStatusSchema = z.array(pveClusterStatusEntrySchema);

export type PveClusterStatusCluster = z.infer<typeof pveClusterStatusClusterSchema>;
export type PveClusterStatusNode = z.infer<typeof pveClusterStatusNodeSchema>;
export type PveClusterStatusEntry = z.infer<typeof pveClusterStatusEntrySchema>;
export type PveClusterStatus = z.infer<typeof pveClusterStatusSchema>;
