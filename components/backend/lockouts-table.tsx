'use client';

import { useActionState } from 'react';
import { Badge } from '@/components/data-table/badge';
import { formatDatetimeOrNever } from '@/components/data-table/format';
import { useActionToast } from '@/components/toast/use-action-toast';
import { clearLockoutAction, type LockoutActionState } from '@/lib/actions/lockouts';
import type { BackendLockout } from '@/lib/backend-client/admin';

function timeLeft(seconds: number): string {
  if (seconds <= 0) return '—';
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m} min ${seconds % 60} s` : `${seconds} s`;
}

export function LockoutsTable({ lockouts }: { lockouts: BackendLockout[] }) {
  const [state, action, pending] = useActionState(clearLockoutAction, {} satisfies LockoutActionState);
  useActionToast(state);
  if (lockouts.length === 0)
    return <p className="card p-3 text-zinc-600 dark:text-zinc-400">No address has failed attempts.</p>;
  return (
    <form action={action} className="space-y-2">
      <div className="card overflow-x-auto">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col" className="text-right">
                Attempts
              </th>
              <th scope="col">First attempt</th>
              <th scope="col">Last attempt</th>
              <th scope="col">State</th>
              <th scope="col">Time left</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lockouts.map((l) => (
              <tr key={l.ip}>
                <td className="font-mono text-xs">{l.ip}</td>
                <td className="text-right tabular-nums">{l.attempts}</td>
                <td className="whitespace-nowrap">{formatDatetimeOrNever(l.first_attempt)}</td>
                <td className="whitespace-nowrap">{formatDatetimeOrNever(l.last_attempt)}</td>
                <td>
                  <Badge tone={l.blocked ? 'red' : 'gray'}>{l.blocked ? 'Locked out' : 'Counting'}</Badge>
                </td>
                <td className="whitespace-nowrap">{timeLeft(l.seconds_left)}</td>
                <td>
                  <button
                    type="submit"
                    name="ip"
                    value={l.ip}
                    className="btn"
                    disabled={pending}
                    aria-label={`Clear ${l.ip}`}
                  >
                    Clear
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="submit" name="ip" value="" className="btn btn-danger" disabled={pending}>
        Clear all
      </button>
    </form>
  );
}
