import os from 'node:os';
import { workerDbOf, type Database } from '@/db/client';
import type { SyncJob } from '@/db/schema';
import { runSync, type SyncRequest } from '../engine';
import { claimNextJob } from './queue';
import { failRun, markInterruptedRuns } from './run-store';
import type { StageName } from '../types';

export interface WorkerOptions {
  workerId?: string;
  /** Jobs run at once by this worker (different endpoints; one endpoint never runs twice). */
  concurrency?: number;
  /** How often the queue is looked at when nothing wakes the worker. */
  pollMs?: number;
  /** Builds the Proxmox clients (tests inject one; default: lib/proxmox/client). */
  createReader?: SyncRequest['createReader'];
  /** The runs' clock (default the wall clock; tests pin it, see SyncRequest.clock). */
  clock?: SyncRequest['clock'];
}

const log = (what: string) => (error: unknown) =>
  console.error(`sync worker: ${what}:`, error instanceof Error ? error.message : error);

/**
 * Runs queued sync jobs: claims the oldest runnable one (lib/sync/jobs/queue.ts) while it has room,
 * runs it through the engine, and looks again when a job ends, when woken and every few seconds.
 * Dead processes' jobs are marked interrupted on every look, so that their endpoints free up.
 */
export class SyncWorker {
  readonly workerId: string;
  private readonly running = new Map<number, Promise<void>>();
  private chain: Promise<number[]> = Promise.resolve([]);
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly options: WorkerOptions = {},
  ) {
    this.workerId = options.workerId ?? `${os.hostname()}-${process.pid}`;
  }

  /** Starts polling (and looks at once). */
  start(): this {
    if (this.timer || this.stopped) return this;
    this.timer = setInterval(
      () => void this.poll().catch(log('poll failed')),
      this.options.pollMs ?? Number(process.env.PROXBOX_WORKER_POLL_MS ?? 2_000),
    );
    this.timer.unref();
    void this.poll().catch(log('poll failed'));
    return this;
  }

  /**
   * Claims and starts what it can now; resolves with the claimed job ids once they are running
   * (not finished). Looks are serialized, and a look asked for during one runs after it, so a job
   * enqueued just before the call is always seen.
   */
  poll(): Promise<number[]> {
    const next = this.chain.catch(() => []).then(() => this.claimAll());
    this.chain = next;
    return next;
  }

  /** Job ids running in this worker now. */
  get runningJobs(): number[] {
    return [...this.running.keys()];
  }

  /** Stops claiming (a look under way finishes first); with `wait`, resolves when the running jobs have ended. */
  async stop(options: { wait?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain.catch(() => []);
    if (options.wait) await this.idle();
  }

  /** Resolves when no job runs in this worker. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private async claimAll(): Promise<number[]> {
    if (this.stopped) return [];
    await markInterruptedRuns(this.db);
    const claimed: number[] = [];
    const limit = this.options.concurrency ?? Number(process.env.PROXBOX_WORKER_CONCURRENCY ?? 4);
    while (!this.stopped && this.running.size < limit) {
      const job = await claimNextJob(this.db, this.workerId);
      if (!job) break;
      claimed.push(job.id);
      const run = this.execute(job).finally(() => {
        this.running.delete(job.id);
        if (!this.stopped) void this.poll().catch(log('poll failed'));
      });
      this.running.set(job.id, run);
    }
    return claimed;
  }

  private async execute(job: SyncJob): Promise<void> {
    try {
      await runSync(this.db, {
        job,
        endpointIds: job.endpointIds,
        stages: job.stages as StageName[],
        object: job.objectType && job.objectId !== null ? { type: job.objectType, id: job.objectId } : undefined,
        requestedBy: job.requestedBy,
        workerId: this.workerId,
        createReader: this.options.createReader,
        clock: this.options.clock,
      });
    } catch (error) {
      // The run could not even start (its object is gone, the settings are unreadable…): the job
      // must not stay `running` until its heartbeat goes stale.
      const message = error instanceof Error ? error.message : String(error);
      await failRun(this.db, job.id, `The sync could not start: ${message}`).catch(
        log(`job ${job.id} could not be marked failed`),
      );
    }
  }
}

const workersKey = Symbol.for('proxbox.sync-workers');
type WithWorkers = typeof globalThis & { [workersKey]?: WeakMap<Database, SyncWorker> };

/**
 * The in-process worker of this process for `db`, started on first use (by instrumentation.ts at
 * server start, or by the first sync request); null when `PROXBOX_WORKER=off`, where separate
 * `npm run worker` processes run the jobs.
 */
export function localWorker(requestDb: Database): SyncWorker | null {
  if (process.env.PROXBOX_WORKER === 'off') return null;
  // Syncs run on the worker's own connections (db/client.ts), never on the request pool.
  const db = workerDbOf(requestDb);
  const g = globalThis as WithWorkers;
  const workers = (g[workersKey] ??= new WeakMap());
  let worker = workers.get(db);
  if (!worker) {
    worker = new SyncWorker(db).start();
    workers.set(db, worker);
  }
  return worker;
}
