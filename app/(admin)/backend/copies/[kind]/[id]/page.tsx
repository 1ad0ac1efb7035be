import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CopyStateBadge } from '@/components/backend/copy-state-badge';
import { PushAgainButton } from '@/components/backend/push-again-button';
import { BackendUnavailableNotice } from '@/components/backend/backend-unavailable';
import { PageHeader } from '@/components/detail/page-header';
import { requireUser } from '@/lib/auth/session';
import { BackendUnavailable, getBackendCopy, type CopyKind } from '@/lib/backend-client/admin';
import { AppError } from '@/lib/data/errors';

interface CopyPageProps {
  params: Promise<{ kind: string; id: string }>;
}

export const metadata = { title: 'Backend endpoint' };

/** snake_case API name → a label ("credential_fingerprint" → "Credential fingerprint"). */
const label = (name: string) =>
  (name.charAt(0).toUpperCase() + name.slice(1))
    .replace(/_/g, ' ')
    .replace(/\bssl\b/, 'SSL')
    .replace(/\burl\b/i, 'URL')
    .replace(/\bip\b/, 'IP');

function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

export default async function BackendCopyPage({ params }: CopyPageProps) {
  const actor = await requireUser();
  const { kind, id } = await params;
  if ((kind !== 'proxmox' && kind !== 'netbox') || !/^\d{1,15}$/.test(id)) notFound();
  let copy;
  try {
    copy = await getBackendCopy(actor, kind as CopyKind, Number(id));
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    if (!(error instanceof BackendUnavailable)) throw error;
    return <BackendUnavailableNotice message={error.message} />;
  }
  const record = copy.record;
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader
        title={record.name}
        crumbs={[{ label: 'Backend endpoints', href: '/backend' }, { label: record.name }]}
      />
      <section className="card space-y-2 p-3" aria-label="State">
        <div className="flex flex-wrap items-center gap-2">
          <CopyStateBadge state={copy.state} />
          {copy.source && (
            <Link href={`/${copy.source.model}/${copy.source.id}`} className="link text-sm">
              Inventory endpoint #{copy.source.id}
            </Link>
          )}
        </div>
        {copy.reasons.length > 0 && (
          <ul className="list-disc pl-5 text-sm" aria-label="Why the copy is not current">
            {copy.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
        {copy.source && <PushAgainButton modelKey={copy.source.model} id={copy.source.id} />}
      </section>
      <section className="card overflow-x-auto" aria-label="Backend record">
        <table className="data-table">
          <tbody>
            {Object.entries(record).map(([name, value]) => (
              <tr key={name}>
                <th scope="row" className="w-56 text-left">
                  {label(name)}
                </th>
                <td className={name.endsWith('fingerprint') || name === 'url' ? 'font-mono text-xs' : undefined}>
                  {text(value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
