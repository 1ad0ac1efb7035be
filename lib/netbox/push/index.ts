import type { Database } from '@/db/client';
import type { NetboxStatus, PushOptions, PushPlan, PushResult } from './types';

export type * from './types';

/**
 * Computes what a push of the local inventory to NetBox endpoint `endpointId` would create,
 * update, delete and refuse, reading NetBox in bulk and writing nothing anywhere.
 */
export async function planNetboxPush(db: Database, endpointId: number, opts: PushOptions = {}): Promise<PushPlan> {
  return (await applyNetboxPush(db, endpointId, { ...opts, dryRun: true })).plan;
}

/**
 * Plans and executes a push to NetBox endpoint `endpointId` (with `dryRun`, plans only): the
 * writes go in dependency order, each refused write is recorded and the rest goes on, and the
 * ownership records and the endpoint's push state are updated. Throws a NetboxError (category,
 * message, suggestion) when NetBox cannot be reached or refuses the token; nothing is changed then.
 */
export async function applyNetboxPush(db: Database, endpointId: number, opts: PushOptions = {}): Promise<PushResult> {
  void db;
  void endpointId;
  void opts;
  throw new Error('not implemented yet');
}

/** Reachability, version, last push, owned objects and open conflicts of one NetBox endpoint. */
export async function readNetboxStatus(db: Database, endpointId: number): Promise<NetboxStatus> {
  void db;
  void endpointId;
  throw new Error('not implemented yet');
}
