import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { syncEvents, syncJobs } from '@/db/schema';
import { terminalEvent, type RunStatus } from './types';

const POLL_MS = 400;
const KEEPALIVE_MS = 15_000;
const FINISHED = new Set(['completed', 'completed_with_errors', 'failed', 'interrupted', 'cancelled']);

/**
 * A run's events as server-sent events (the seed's stream contract): every stored event from
 * `afterSeq` on, then new ones as the run writes them, a `: keepalive` comment every 15 s, and
 * the end of the stream after the run's single `complete` event (or when the run is over and
 * everything has been sent). Stops when the client disconnects.
 */
export function syncEventStream(db: Database, jobId: number, signal: AbortSignal, afterSeq = 0): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let seq = afterSeq;
  let lastWrite = Date.now();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      try {
        while (!signal.aborted) {
          const events = await db.select().from(syncEvents).where(and(eq(syncEvents.jobId, jobId), gt(syncEvents.seq, seq))).orderBy(asc(syncEvents.seq)).limit(500);
          for (const e of events) {
            seq = e.seq;
            send(`id: ${e.seq}\nevent: ${e.event}\ndata: ${JSON.stringify(e.payload)}\n\n`);
            if (e.event === 'complete') return controller.close();
          }
          if (events.length === 0) {
            const [job] = await db.select({ status: syncJobs.status }).from(syncJobs).where(eq(syncJobs.id, jobId));
            if (!job || FINISHED.has(job.status)) {
              if (job) send(`event: complete\ndata: ${JSON.stringify(terminalEvent(job.status as RunStatus, `Run ${job.status.replace(/_/g, ' ')}`))}\n\n`);
              return controller.close();
            }
            if (Date.now() - lastWrite >= KEEPALIVE_MS) send(': keepalive\n\n');
            await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          }
        }
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
}
