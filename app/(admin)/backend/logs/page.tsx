import { BackendUnavailableNotice } from '@/components/backend/backend-unavailable';
import { LogFileState, LogLines } from '@/components/backend/backend-log';
import { PageHeader } from '@/components/detail/page-header';
import { requireAdmin } from '@/lib/auth/session';
import { BackendUnavailable, readBackendLog } from '@/lib/backend-client/admin';

export const metadata = { title: 'Backend log' };
export const dynamic = 'force-dynamic';

/** The backend's recent log lines and whether its log file is written, read over its API. Admins only. */
export default async function BackendLogPage() {
  const actor = await requireAdmin();
  let log;
  try {
    log = await readBackendLog(actor);
  } catch (error) {
    if (!(error instanceof BackendUnavailable)) throw error;
    return (
      <>
        <PageHeader title="Backend log" />
        <BackendUnavailableNotice message={error.message} />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Backend log"
        crumbs={[{ label: 'Backend endpoints', href: '/backend' }, { label: 'Backend log' }]}
      />
      <p className="mb-3 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        The last {log.logs.length} lines the backend logged (one per request and per failure), newest first, as of
        loading this page. API clients can follow new lines live at /api/backend/admin/logs/stream.
      </p>
      <LogFileState file={log.log_file} />
      <LogLines lines={log.logs} />
    </>
  );
}
