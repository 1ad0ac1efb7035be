// `npm run worker`: a standalone sync worker against the PostgreSQL database of DATABASE_URL. It
// claims queued sync jobs (from the web UI, the API, the backend API or the scheduler) next to the
// web servers' in-process workers (turn those off with PROXBOX_WORKER=off to keep syncs off the
// web tier). On SIGINT/SIGTERM it stops claiming and lets its running jobs finish (up to
// PROXBOX_WORKER_GRACE_MS, default 60 s); a job cut off later is marked interrupted by any worker.
import { openDatabase } from '@/db/client';
import { markInterruptedRuns } from '@/lib/sync/jobs/run-store';
import { SyncWorker } from '@/lib/sync/jobs/worker';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    'npm run worker needs DATABASE_URL (PostgreSQL). Without it Proxbox uses the embedded database, which only the app process that opened it can use: its in-process worker runs the syncs (npm start).',
  );
  process.exit(1);
}

const handle = await openDatabase({ url });
const concurrency = Number(process.env.PROXBOX_WORKER_CONCURRENCY ?? 4);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(
    `PROXBOX_WORKER_CONCURRENCY must be a positive integer, not "${process.env.PROXBOX_WORKER_CONCURRENCY}".`,
  );
  await handle.close();
  process.exit(1);
}
try {
  await markInterruptedRuns(handle.db);
} catch (error) {
  console.error(
    `worker: cannot use the database (is it migrated? npm run db:migrate): ${error instanceof Error ? error.message : error}`,
  );
  await handle.close();
  process.exit(1);
}
const worker = new SyncWorker(handle.db, { concurrency }).start();
console.log(`worker ${worker.workerId}: running up to ${concurrency} sync job(s) at once`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const grace = Number(process.env.PROXBOX_WORKER_GRACE_MS ?? 60_000);
  console.log(
    `worker ${worker.workerId}: ${signal}, finishing ${worker.runningJobs.length} running job(s) (up to ${grace / 1000} s)`,
  );
  await Promise.race([worker.stop({ wait: true }), new Promise((resolve) => setTimeout(resolve, grace))]);
  await handle.close();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
// The poll timer does not hold the process open; this does, until a signal.
setInterval(() => undefined, 1 << 30);
