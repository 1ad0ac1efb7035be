import { notFound } from 'next/navigation';
import { KeyActions } from '@/components/api-keys/key-actions';
import { BackendUnavailableNotice } from '@/components/backend/backend-unavailable';
import { Badge } from '@/components/data-table/badge';
import { formatDatetimeOrNever } from '@/components/data-table/format';
import { PageHeader } from '@/components/detail/page-header';
import { requireUser } from '@/lib/auth/session';
import { BackendUnavailable, getBackendKey } from '@/lib/backend-client/admin';
import { AppError } from '@/lib/data/errors';
import { can } from '@/lib/data/permissions';

interface KeyPageProps {
  params: Promise<{ id: string }>;
}

export const metadata = { title: 'API key' };

/** One API key as the backend reports it: never the key itself, which was shown once at creation. */
export default async function ApiKeyPage({ params }: KeyPageProps) {
  const actor = await requireUser();
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  let key;
  try {
    key = await getBackendKey(actor, Number(id));
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    if (!(error instanceof BackendUnavailable)) throw error;
    return <BackendUnavailableNotice message={error.message} />;
  }
  const isAdmin = can(actor, 'admin');
  return (
    <div className="max-w-2xl space-y-4">
      <PageHeader
        title={key.description || key.key_id}
        crumbs={[{ label: 'API keys', href: '/api-keys' }, { label: key.key_id }]}
      />
      <section className="card overflow-x-auto" aria-label="Key">
        <table className="data-table">
          <tbody>
            <tr>
              <th scope="row" className="w-40 text-left">
                Description
              </th>
              <td>{key.description || '—'}</td>
            </tr>
            <tr>
              <th scope="row" className="text-left">
                Key ID
              </th>
              <td className="font-mono text-xs">{key.key_id}</td>
            </tr>
            <tr>
              <th scope="row" className="text-left">
                Role
              </th>
              <td>
                <Badge tone={key.read_only ? 'blue' : 'yellow'}>{key.read_only ? 'Read-only' : 'Read-write'}</Badge>
              </td>
            </tr>
            <tr>
              <th scope="row" className="text-left">
                Status
              </th>
              <td>
                <Badge tone={key.is_active ? 'green' : 'gray'}>{key.is_active ? 'Active' : 'Inactive'}</Badge>
                {key.web_link && (
                  <span className="ml-1">
                    <Badge tone="blue">Web UI link</Badge>
                  </span>
                )}
              </td>
            </tr>
            <tr>
              <th scope="row" className="text-left">
                Created
              </th>
              <td>{formatDatetimeOrNever(key.created_at)}</td>
            </tr>
            <tr>
              <th scope="row" className="text-left">
                Last used
              </th>
              <td>{formatDatetimeOrNever(key.last_used_at)}</td>
            </tr>
          </tbody>
        </table>
      </section>
      {isAdmin &&
        (key.web_link ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            This web app reaches the backend with this key, so it cannot be deactivated or deleted from here; retire it
            with another administrator key (<code className="font-mono">npm run keys</code>).
          </p>
        ) : (
          <KeyActions id={key.id} keyId={key.key_id} active={key.is_active} onDetailPage />
        ))}
    </div>
  );
}
