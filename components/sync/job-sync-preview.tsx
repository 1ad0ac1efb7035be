import { PushPlanTable } from '@/components/netbox/push-plan-table';
import type { JobSyncPreview as Preview } from '@/lib/dashboard/job-sync-preview';

// A preview job's result on its run page: per model, what the sync would create, update
// (field: old → new) and delete or mark stale; nothing of it was written.

export function JobSyncPreview({ preview }: { preview: Preview }) {
  return (
    <section className="card" aria-labelledby="job-sync-preview-heading">
      <h2 id="job-sync-preview-heading" className="card-title">
        Preview
      </h2>
      <p className="px-3 pt-2 text-sm text-zinc-600 dark:text-zinc-400">
        What a sync of the same endpoints and stages would write now, per model; nothing was written. Objects the sync
        would create are numbered as they would be now (their ids in the run may differ).
      </p>
      <div className="p-3">
        <PushPlanTable
          plan={preview.plan}
          title="Sync preview"
          heading="Inventory"
          emptyText="Nothing to change: the inventory already matches Proxmox."
          changesOnly
        />
      </div>
    </section>
  );
}
