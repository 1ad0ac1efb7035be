import Link from 'next/link';
import { CopyStateBadge } from '@/components/backend/copy-state-badge';
import { BackendUnavailableNotice } from '@/components/backend/backend-unavailable';
import { PageHeader } from '@/components/detail/page-header';
import { requireUser } from '@/lib/auth/session';
import { BackendUnavailable, listBackendCopies } from '@/lib/backend-client/admin';

export const metadata = { title: 'Backend endpoints' };

// The backend's endpoint copies (its Proxmox endpoints and its one NetBox endpoint), read over
// the backend API, each compared with the inventory endpoint it copies.

export default async function BackendCopiesPage() {
  const actor = await requireUser();
  let copies;
  try {
    copies = await listBackendCopies(actor);
  } catch (error) {
    if (!(error instanceof BackendUnavailable)) throw error;
    return (
      <>
        <PageHeader title="Backend endpoints" />
        <BackendUnavailableNotice message={error.message} />
      </>
    );
  }
  return (
    <>
      <PageHeader title="Backend endpoints" />
      <p className="mb-3 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        The copies of your Proxmox and NetBox endpoints that the backend holds, as its API reports them. Credentials are
        compared by fingerprint; secrets never leave the backend. See also{' '}
        <Link href="/api-keys" className="link">
          API keys
        </Link>{' '}
        and{' '}
        <Link href="/backend/lockouts" className="link">
          Lockouts
        </Link>
        .
      </p>
      {copies.length === 0 ? (
        <p className="card p-3 text-zinc-600 dark:text-zinc-400">The backend holds no endpoints yet.</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">URL</th>
                <th scope="col">Credential fingerprint</th>
                <th scope="col">Enabled</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {copies.map((c) => (
                <tr key={`${c.kind}-${c.record.id}`}>
                  <td>
                    <Link href={`/backend/copies/${c.kind}/${c.record.id}`} className="link font-medium">
                      {c.record.name}
                    </Link>
                  </td>
                  <td>{c.kind === 'proxmox' ? 'Proxmox' : 'NetBox'}</td>
                  <td className="font-mono text-xs">{String(c.record.url ?? '—')}</td>
                  <td className="font-mono text-xs">{c.record.credential_fingerprint ?? '—'}</td>
                  <td>{c.record.enabled ? 'Yes' : 'No'}</td>
                  <td>
                    <CopyStateBadge state={c.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
