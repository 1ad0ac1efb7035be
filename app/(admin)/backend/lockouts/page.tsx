import { LockoutsTable } from '@/components/backend/lockouts-table';
import { BackendUnavailableNotice } from '@/components/backend/backend-unavailable';
import { PageHeader } from '@/components/detail/page-header';
import { requireAdmin } from '@/lib/auth/session';
import { BackendUnavailable, listBackendLockouts } from '@/lib/backend-client/admin';

export const metadata = { title: 'Lockouts' };
export const dynamic = 'force-dynamic';

/** Addresses that failed API-key authentication (5 failures in 300 s lock one out for 300 s). Admins only. */
export default async function LockoutsPage() {
  const actor = await requireAdmin();
  let lockouts;
  try {
    lockouts = await listBackendLockouts(actor);
  } catch (error) {
    if (!(error instanceof BackendUnavailable)) throw error;
    return (
      <>
        <PageHeader title="Lockouts" />
        <BackendUnavailableNotice message={error.message} />
      </>
    );
  }
  return (
    <>
      <PageHeader title="Lockouts" crumbs={[{ label: 'Backend endpoints', href: '/backend' }, { label: 'Lockouts' }]} />
      <p className="mb-3 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Client addresses with failed API-key attempts. Five failures within 300 s lock an address out for 300 s after
        the last one. Clearing an address forgets its failures at once.
      </p>
      <LockoutsTable lockouts={lockouts} />
    </>
  );
}
