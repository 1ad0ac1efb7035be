// GET /nodes/{node}/{qemu|lxc}/{vmid}/snapshot: unordered, with the
// pseudo-snapshot `current` ("You are here!") appended last; rebuild the tree from `parent`.
import { z } from 'zod';
import { optBool, optNum, optStr, pveStr } from './primitives';

export const pveSnapshotSchema = z
  .object({
    name: pveStr,
    description: optStr,
    /** Epoch seconds; 0 when unknown; absent on `current`. */
    snaptime: optNum,
    /** qemu only: RAM state saved. */
    vmstate: optBool,
    parent: optStr,
    /** "prepare"/"delete" while an operation runs. */
    snapstate: optStr,
    /** `current` only. */
    digest: optStr,
    /** `current` only. */
    running: optBool,
  })
  .loose();
export const pveSnapshotListSchema = z.array(pveSnapshotSchema);
export type PveSnapshot = z.infer<typeof pveSnapshotSchema>;

/** The name of the pseudo-entry that marks the guest's live state in a snapshot list. */
export const CURRENT_SNAPSHOT = 'current';
