import { Suspense } from 'react';
import { BackupOverview } from '@/components/dashboard/backup-overview';
import { EndpointCard } from '@/components/dashboard/endpoint-card';
import { EstateTotals } from '@/components/dashboard/estate-totals';
import { NetboxCard } from '@/components/dashboard/netbox-card';
import { InventoryLinks } from '@/components/dashboard/inventory-links';
import { NodeCharts } from '@/components/dashboard/node-charts';
import { RecentChanges } from '@/components/dashboard/recent-changes';
import { StorageUsage } from '@/components/dashboard/storage-usage';
import { SyncOverview } from '@/components/dashboard/sync-overview';
import { PageHeader } from '@/components/detail/page-header';
import { TryDemo } from '@/components/demo/try-demo';
import { SyncActions } from '@/components/sync/sync-actions';
import { requireUser } from '@/lib/auth/session';
import { can } from '@/lib/data/permissions';
import { backupsPerDay, guestsWithoutRecentBackup } from '@/lib/dashboard/backups';
import { recentChanges } from '@/lib/dashboard/changes';
import { probeEndpoints, type EndpointHealth } from '@/lib/dashboard/endpoint-health';
import { loadEstateSummary } from '@/lib/dashboard/estate';
import { probeNetboxEndpoints, type NetboxHealth } from '@/lib/dashboard/netbox-health';
import { loadNetboxPushSummaries } from '@/lib/dashboard/netbox-push-summary';
import { loadSyncStatus } from '@/lib/dashboard/sync-status';
import { modelMetas } from '@/lib/models/registry';

export const metadata = { title: 'Dashboard' };

const BACKUP_WINDOW_DAYS = 30;
const RECENT_BACKUP_DAYS = 7;

export default async function HomePage() {
  const actor = await requireUser();
  const now = new Date();
  const [estate, sync, days, unprotected, changes, netbox] = await Promise.all([
    loadEstateSummary(actor),
    loadSyncStatus(actor, now),
    backupsPerDay(actor, now, BACKUP_WINDOW_DAYS),
    guestsWithoutRecentBackup(actor, now, RECENT_BACKUP_DAYS),
    recentChanges(actor, 10),
    loadNetboxPushSummaries(actor),
  ]);
  const empty = estate.endpoints.length === 0;
  // Started, not awaited: the live checks stream into their Suspense boundaries.
  const health: Promise<EndpointHealth[]> = empty ? Promise.resolve([]) : probeEndpoints(actor);
  const netboxHealth: Promise<NetboxHealth[]> = netbox.length === 0 ? Promise.resolve([]) : probeNetboxEndpoints(actor);
  const links = modelMetas().map((m) => ({ key: m.key, label: m.labelPlural, group: m.group }));

  return (
    <>
      <PageHeader title="Dashboard" />
      {empty
        ? can(actor, 'admin') && <TryDemo />
        : can(actor, 'sync') && (
            <section className="card mb-4 p-3" aria-label="Sync">
              <SyncActions />
            </section>
          )}
      <EstateTotals totals={estate.totals} />
      {!empty && (
        <div className="mb-4 grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="Proxmox endpoints">
          {estate.endpoints.map((endpoint) => (
            <EndpointCard key={endpoint.id} endpoint={endpoint} health={health} />
          ))}
        </div>
      )}
      {netbox.length > 0 && (
        <div className="mb-4 grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="NetBox endpoints">
          {netbox.map((summary) => (
            <NetboxCard key={summary.endpointId} summary={summary} health={netboxHealth} now={now.getTime()} />
          ))}
        </div>
      )}
      <div className="mb-4 grid gap-4 lg:grid-cols-2">
        <SyncOverview status={sync} now={now.getTime()} />
        <RecentChanges changes={changes} now={now.getTime()} />
      </div>
      <div className="mb-4">
        <NodeCharts nodes={estate.nodes} multiEndpoint={estate.endpoints.length > 1} />
      </div>
      <div className="mb-4 grid gap-4 lg:grid-cols-2">
        <BackupOverview days={days} unprotected={unprotected} recentDays={RECENT_BACKUP_DAYS} />
        {!empty && (
          <section className="card" aria-labelledby="storage-heading">
            <h2 id="storage-heading" className="card-title">
              Storage
            </h2>
            <Suspense fallback={<p className="p-3 text-sm text-zinc-500">Reading storage figures from Proxmox…</p>}>
              <StorageUsage health={health} />
            </Suspense>
          </section>
        )}
      </div>
      <InventoryLinks links={links} />
    </>
  );
}
