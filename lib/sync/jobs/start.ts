import type { Database } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { assertCan } from '@/lib/data/permissions';
import { enqueueSync, type EnqueueInput } from './queue';
import { localWorker } from './worker';

/** What a caller (UI action, API route, scheduler, demo) asks for; the job does the rest. */
export type StartSyncInput = EnqueueInput;

/**
 * Starts a sync for `actor`: records it as a queued job and lets this process's worker claim what it can
 * right away (so that, with a free endpoint, the job is already running when this resolves).
 * Resolves with the job id; the run goes on in the background, in this process or another
 * worker's. Refuses (EndpointBusyError) when a queued or running job holds one of the endpoints.
 */
export async function startSyncJob(db: Database, actor: Actor, input: StartSyncInput): Promise<number> {
  // Operators and administrators (and the scheduler, as the system) start syncs.
  assertCan(actor, 'sync');
  const job = await enqueueSync(db, input);
  // The job is durable now: a worker that cannot look at once (database hiccup) picks it up later.
  await localWorker(db)
    ?.poll()
    .catch((error: unknown) =>
      console.error(
        `sync ${job.id}: the local worker could not claim it yet:`,
        error instanceof Error ? error.message : error,
      ),
    );
  return job.id;
}
