import type { Database } from '@/db/client';
import { runSync, type SyncRequest } from './engine';

/** What a caller (UI action, API route, scheduler, demo) asks for; the job does the rest. */
export type StartSyncInput = Pick<SyncRequest, 'endpointIds' | 'stages' | 'requestedBy' | 'object' | 'createReader' | 'workerId'>;

/**
 * Starts a sync and resolves with its job id as soon as the job is recorded; the run goes on in
 * the background. Refuses (EndpointBusyError) when a live job already holds one of the endpoints.
 */
export function startSyncJob(db: Database, input: StartSyncInput): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    runSync(db, { ...input, onJob: resolve }).catch(reject);
  });
}
