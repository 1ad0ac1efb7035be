import Link from 'next/link';
import { Badge } from '@/components/data-table/badge';
import { formatDatetimeOrNever } from '@/components/data-table/format';
import { ROLE_LABELS, type Role } from '@/lib/auth/roles';
import { KeyActions } from './key-actions';

/** One key as the page shows it (no hash, no secret). */
export interface ApiKeyRow {
  id: number;
  keyId: string;
  description: string;
  role: Role;
  isActive: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** The web app's own backend token: it cannot be retired from here (the backend refuses too). */
  webLink: boolean;
}

/** The keys table: description, key id, created, last used, scope, status and actions. */
export function KeysTable({ keys }: { keys: ApiKeyRow[] }) {
  if (keys.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No API keys yet.</p>;
  return (
    <div className="card overflow-x-auto">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col">Key ID</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Scope</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id}>
              <td className="font-medium">
                <Link href={`/backend/keys/${key.id}`} className="link">
                  {key.description || key.keyId}
                </Link>
              </td>
              <td className="font-mono text-xs">{key.keyId}</td>
              <td className="whitespace-nowrap">{formatDatetimeOrNever(key.createdAt)}</td>
              <td className="whitespace-nowrap">{formatDatetimeOrNever(key.lastUsedAt)}</td>
              <td>
                <Badge tone={key.role === 'viewer' ? 'blue' : key.role === 'operator' ? 'green' : 'yellow'}>
                  {ROLE_LABELS[key.role]}
                </Badge>
              </td>
              <td>
                <Badge tone={key.isActive ? 'green' : 'gray'}>{key.isActive ? 'Active' : 'Inactive'}</Badge>
                {key.webLink && (
                  <span className="ml-1">
                    <Badge tone="blue">Web UI link</Badge>
                  </span>
                )}
              </td>
              <td>
                {key.webLink ? (
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">
                    This web app reaches the backend with it; retire it with another admin key.
                  </span>
                ) : (
                  <KeyActions id={key.id} keyId={key.keyId} active={key.isActive} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
