'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { startDemoAction, type DemoState } from '@/lib/actions/demo';

/** Shown on an install with no Proxmox endpoint: add a real one, or sync the built-in demo. */
export function TryDemo() {
  const [state, action, pending] = useActionState<DemoState>(startDemoAction, {});
  return (
    <section className="card mb-4 p-4" aria-labelledby="get-started">
      <h2 id="get-started" className="text-base font-semibold">
        Get started
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        No Proxmox endpoint is registered yet. Add one with an API token, or try Proxbox on the built-in demo: two
        simulated Proxmox clusters (6 nodes, 60 guests) served by this app on 127.0.0.1, synced right away.
      </p>
      {state.error && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {state.error}
        </p>
      )}
      <form action={action} className="mt-3 flex gap-2">
        <Link href="/proxmox-endpoints/new" className="btn">
          Add a Proxmox endpoint
        </Link>
        <button type="submit" className="btn btn-primary" disabled={pending} aria-disabled={pending}>
          {pending ? 'Starting the demo…' : 'Try the demo cluster'}
        </button>
      </form>
    </section>
  );
}
