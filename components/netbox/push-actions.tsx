'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { SyncProgress } from '@/components/sync/sync-progress';
import {
  applyNetboxPushAction,
  previewNetboxPushAction,
  type NetboxApplyState,
  type NetboxPreviewState,
} from '@/lib/actions/netbox-push';
import { PushPlanTable } from './push-plan-table';

/** "Preview" (the change set, nothing written) and "Apply" (a push run, followed live here) for one NetBox endpoint. */
export function NetboxPushActions({ endpointId }: { endpointId: number }) {
  const [preview, previewAction, previewing] = useActionState<NetboxPreviewState, FormData>(
    previewNetboxPushAction.bind(null, endpointId),
    {},
  );
  const [apply, applyAction, applying] = useActionState<NetboxApplyState, FormData>(
    applyNetboxPushAction.bind(null, endpointId),
    {},
  );
  const busy = previewing || applying;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <form action={previewAction}>
          <button type="submit" className="btn" disabled={busy} aria-disabled={busy}>
            {previewing ? 'Computing preview…' : 'Preview'}
          </button>
        </form>
        <form action={applyAction}>
          <button type="submit" className="btn btn-primary" disabled={busy} aria-disabled={busy}>
            {applying ? 'Starting…' : 'Apply'}
          </button>
        </form>
        {apply.jobId !== undefined && (
          <Link href={`/sync-jobs/${apply.jobId}`} className="link text-sm">
            Push run #{apply.jobId}
          </Link>
        )}
      </div>
      {preview.error && (
        <p role="alert" className="text-sm text-red-600">
          {preview.error}
          {preview.suggestion && <span className="block text-zinc-600 dark:text-zinc-400">{preview.suggestion}</span>}
        </p>
      )}
      {apply.error && (
        <p role="alert" className="text-sm text-red-600">
          {apply.error}
        </p>
      )}
      {apply.jobId !== undefined && (
        <SyncProgress key={apply.jobId} jobId={apply.jobId} stages={['netbox-push']} canCancel />
      )}
      {preview.plan && !apply.jobId && <PushPlanTable plan={preview.plan} />}
    </div>
  );
}
