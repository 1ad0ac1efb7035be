'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { cancelSyncAction, type CancelSyncState } from '@/lib/actions/sync-cancel';
import { SYNC_STAGES } from '@/lib/sync/stage-names';

interface Counts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
}
interface StageState {
  percent: number;
  status: string;
  message: string;
  /** Endpoints that started / finished this stage, and each finished one's counters. */
  started: string[];
  finished: Record<string, Counts>;
}
interface Problem {
  phase: string;
  item: string;
  message: string;
  suggestion: string;
  category: string;
}

const endpointOf = (message: string) => message.split(': ')[0];

function total(finished: Record<string, Counts>): Counts {
  const sum: Counts = { created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 };
  for (const c of Object.values(finished)) for (const k of Object.keys(sum) as (keyof Counts)[]) sum[k] += c[k];
  return sum;
}

/**
 * Live progress of a sync run from its event stream: a bar per stage, the stage's counters, the
 * errors with their suggestions, and the final status. A finished run replays its stored events.
 * Until the run is over, "Cancel" stops it (at once when queued, after the current stage when running).
 * `stages` limits the bars to the run's stages (all stages when absent).
 */
export function SyncProgress({
  jobId,
  stages: only,
  canCancel,
}: {
  jobId: number;
  stages?: string[];
  canCancel: boolean;
}) {
  const router = useRouter();
  const [stages, setStages] = useState<Record<string, StageState>>({});
  const [problems, setProblems] = useState<Problem[]>([]);
  const [final, setFinal] = useState<string | null>(null);
  const [cancel, cancelAction, cancelling] = useActionState<CancelSyncState, FormData>(
    cancelSyncAction.bind(null, jobId),
    {},
  );

  useEffect(() => {
    const source = new EventSource(`/api/plugins/proxbox/sync-jobs/${jobId}/stream/`);
    const update = (phase: string, patch: Partial<StageState>) =>
      setStages((s) => {
        const base: StageState = s[phase] ?? { percent: 0, status: 'running', message: '', started: [], finished: {} };
        return { ...s, [phase]: { ...base, ...patch } };
      });
    source.addEventListener('step', (e) => {
      const d = JSON.parse(e.data) as { step: string; status: string; message: string };
      if (d.step === 'sync' || d.status !== 'started') return;
      setStages((s) => {
        const base: StageState = s[d.step] ?? { percent: 0, status: 'running', message: '', started: [], finished: {} };
        return {
          ...s,
          [d.step]: {
            ...base,
            status: 'running',
            message: d.message,
            started: [...base.started, endpointOf(d.message)],
          },
        };
      });
    });
    // Reads in progress (configs, snapshot lists, NetBox pages) report on `substep`.
    source.addEventListener('substep', (e) => {
      const d = JSON.parse(e.data) as { phase: string; message: string; result: { percent?: number } | null };
      update(d.phase, {
        message: d.message,
        ...(typeof d.result?.percent === 'number' ? { percent: Math.min(95, d.result.percent) } : {}),
      });
    });
    source.addEventListener('phase_summary', (e) => {
      const d = JSON.parse(e.data) as {
        phase: string;
        status: string;
        message: string;
        result: Omit<Counts, 'unchanged'> & { skipped: number };
      };
      setStages((s) => {
        const base: StageState = s[d.phase] ?? {
          percent: 0,
          status: 'running',
          message: '',
          started: [],
          finished: {},
        };
        const { skipped, ...rest } = d.result;
        const finished = { ...base.finished, [endpointOf(d.message)]: { ...rest, unchanged: skipped } };
        const done = Object.keys(finished).length >= base.started.length;
        const status =
          base.status === 'completed_with_errors' || d.status !== 'completed'
            ? d.status
            : done
              ? 'completed'
              : 'running';
        return {
          ...s,
          [d.phase]: {
            ...base,
            finished,
            status,
            message: d.message,
            percent: done ? 100 : Math.max(base.percent, 50),
          },
        };
      });
    });
    source.addEventListener('error_detail', (e) => setProblems((p) => [...p, JSON.parse(e.data) as Problem]));
    source.addEventListener('complete', (e) => {
      setFinal((JSON.parse(e.data) as { result: { status: string } }).result.status);
      source.close();
      // The run's stored fields (status, counts, finish time) are final now: re-render them.
      router.refresh();
    });
    return () => source.close();
  }, [jobId, router]);

  return (
    <section className="card" aria-labelledby="sync-progress-heading">
      <h2 id="sync-progress-heading" className="card-title">
        Progress {final && <span className="badge ml-2">{final.replace(/_/g, ' ')}</span>}
      </h2>
      {canCancel && (final === null || cancel.message || cancel.error) && (
        <form
          action={cancelAction}
          className="flex flex-wrap items-center gap-2 px-3 pt-3"
          aria-label="Cancel the sync"
        >
          {final === null && (
            <button
              type="submit"
              className="btn"
              disabled={cancelling || Boolean(cancel.message)}
              aria-disabled={cancelling || Boolean(cancel.message)}
            >
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
          {cancel.message && (
            <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
              {cancel.message}
            </p>
          )}
          {cancel.error && (
            <p role="alert" className="text-sm text-red-600">
              {cancel.error}
            </p>
          )}
        </form>
      )}
      <ol className="space-y-2 p-3">
        {SYNC_STAGES.filter((stage) => !only || only.length === 0 || only.includes(stage)).map((stage) => {
          const s = stages[stage];
          const pct = s?.percent ?? 0;
          const counts = s && Object.keys(s.finished).length > 0 ? total(s.finished) : null;
          return (
            <li key={stage} className="text-sm">
              <div className="flex justify-between gap-2">
                <span className="font-medium">{stage}</span>
                <span className="text-xs text-zinc-500">
                  {counts
                    ? `created ${counts.created} · updated ${counts.updated} · deleted ${counts.deleted} · unchanged ${counts.unchanged}${counts.failed ? ` · failed ${counts.failed}` : ''}`
                    : (s?.status ?? 'waiting')}
                </span>
              </div>
              <div
                className="mt-1 h-2 rounded bg-zinc-200 dark:bg-zinc-800"
                role="progressbar"
                aria-label={`${stage} progress`}
                aria-valuenow={pct}
                aria-valuemin={0}
                aria-valuemax={100}
              >
                <div
                  className={`h-2 rounded ${s?.status === 'completed_with_errors' ? 'bg-amber-500' : 'bg-sky-600'}`}
                  style={{ width: `${pct}%` }}
                />
              </div>
            </li>
          );
        })}
      </ol>
      {problems.length > 0 && (
        <ul className="space-y-1 border-t border-zinc-200 p-3 text-sm dark:border-zinc-800" aria-label="Errors">
          {problems.map((p, i) => (
            <li key={i}>
              <span className="badge mr-1">{p.category}</span>
              <strong>{p.phase}</strong> {p.item}: {p.message} <span className="text-zinc-500">— {p.suggestion}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
