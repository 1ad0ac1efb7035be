'use client';

import { useActionState } from 'react';
import { startObjectSyncAction, type ObjectSyncState } from '@/lib/actions/object-sync';

/** What a run of each kind of object reads (lib/sync/scope/object-scope.ts), told before it starts. */
const COVERS: Record<string, string> = {
  'virtual-machines':
    'Reads this guest from Proxmox: its configuration, disks, interfaces, addresses, snapshots, backups and tasks.',
  'proxmox-nodes':
    'Reads this node from Proxmox: the node and its device, its interfaces and addresses, and its guests.',
  devices: 'Reads this node from Proxmox: the node and its device, its interfaces and addresses, and its guests.',
  'proxmox-clusters': 'Runs a full sync of this cluster’s Proxmox endpoint.',
  clusters: 'Runs a full sync of this cluster’s Proxmox endpoint.',
  storage: 'Reads this storage from Proxmox: its definition, its disks’ links and its backups.',
};

/** "Sync now" for one synced object: a run limited to it, followed on its run page; "Preview": the same run as a dry run. */
export function ObjectSyncButton({ type, id }: { type: string; id: number }) {
  const [state, action, pending] = useActionState<ObjectSyncState, FormData>(startObjectSyncAction, {});
  return (
    <form action={action} className="space-y-2" aria-label="Sync this object">
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="id" value={id} />
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className="btn btn-primary" disabled={pending} aria-disabled={pending}>
          {pending ? 'Starting…' : 'Sync now'}
        </button>
        <button
          type="submit"
          name="dry_run"
          value="1"
          className="btn"
          disabled={pending}
          aria-disabled={pending}
          title="Compute what this sync would create, update and delete, without writing anything"
        >
          Preview
        </button>
        <p className="text-sm text-zinc-500">{COVERS[type]}</p>
      </div>
      {state.error && (
        <p role="alert" className="text-sm text-red-600">
          {state.error}
        </p>
      )}
    </form>
  );
}
