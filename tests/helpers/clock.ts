// The instant tests pin the Proxmox simulator and the sync to. The simulator derives its history
// (backup volids, task UPIDs, which tasks fall inside the sync's task-history window) from its
// clock, so tests that spell such values out pass only with both clocks pinned, on any date.

/** 2026-11-27 12:00 UTC: the day the values spelled out in the tests were taken from. */
export const TEST_NOW = new Date('2026-11-27T12:00:00Z');

/** For `startSimulator({ clock })`: epoch milliseconds. */
export const simulatorClock = (): number => TEST_NOW.getTime();

/** For `runSync({ clock })` and `new SyncWorker(db, { clock })`. */
export const syncClock = (): Date => new Date(TEST_NOW);
