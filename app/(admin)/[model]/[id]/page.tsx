import { ChangeHistory } from '@/components/detail/change-history';
import { DetailActions } from '@/components/detail/detail-actions';
import { OpenInProxmox } from '@/components/proxmox/open-in-proxmox';
import { proxmoxWebUiUrlFor } from '@/lib/proxmox/web-ui-record';
import { FieldTable } from '@/components/detail/field-table';
import { PageHeader } from '@/components/detail/page-header';
import { RelatedObjects, type RelatedSection } from '@/components/detail/related-objects';
import { SyncProgress } from '@/components/sync/sync-progress';
import { SyncActions } from '@/components/sync/sync-actions';
import { ObjectSyncButton } from '@/components/sync/object-sync-button';
import { hasProxmoxIdentity } from '@/lib/sync/scope/object-scope';
import { ScheduleInfo, type ScheduleInfoProps } from '@/components/sync/schedule-info';
import { getDb } from '@/db/client';
import { BackendCopyPanel } from '@/components/backend/backend-copy-panel';
import { loadBackendCopy } from '@/lib/backend-client/status';
import { JobPushResult } from '@/components/netbox/job-push-result';
import { NetboxPushPanel } from '@/components/netbox/push-panel';
import { loadJobNetboxPushes } from '@/lib/dashboard/job-netbox-push';
import { loadJobSyncPreview } from '@/lib/dashboard/job-sync-preview';
import { JobSyncPreview } from '@/components/sync/job-sync-preview';
import { probeNetboxEndpoint } from '@/lib/dashboard/netbox-health';
import { loadNetboxPushDetail } from '@/lib/dashboard/netbox-push-summary';
import { scheduleSummary } from '@/lib/sync/jobs/scheduler';
import { isTagList, TagList } from '@/components/detail/tag-list';
import { requireUser } from '@/lib/auth/session';
import type { Actor } from '@/lib/data/actor';
import { can } from '@/lib/data/permissions';
import { listRecords } from '@/lib/data/records';
import { changeLogMeta, getMeta } from '@/lib/models/registry';
import type { ListResult, ModelMeta } from '@/lib/models/types';
import { loadRecord } from './load-record';

interface DetailPageProps {
  params: Promise<{ model: string; id: string }>;
}

const RELATED_ROWS = 10;
const HISTORY_ROWS = 20;

async function loadRelated(actor: Actor, meta: ModelMeta, id: number): Promise<RelatedSection[]> {
  const sections = meta.related.flatMap((rel) => {
    const relMeta = getMeta(rel.model);
    return relMeta ? [{ rel, meta: relMeta }] : [];
  });
  return Promise.all(
    sections.map(async ({ rel, meta: relMeta }) => ({
      rel,
      meta: relMeta,
      result: await listRecords(actor, rel.model, {
        page: 1,
        perPage: RELATED_ROWS,
        sort: null,
        q: '',
        filters: { [rel.field]: [String(id)] },
      }),
    })),
  );
}

async function loadHistory(actor: Actor, meta: ModelMeta, id: number): Promise<ListResult | null> {
  const changeLog = changeLogMeta();
  if (meta.changeLog || !changeLog) return null;
  return listRecords(actor, changeLog.key, {
    page: 1,
    perPage: HISTORY_ROWS,
    sort: { key: 'time', desc: true },
    q: '',
    filters: { changedObjectType: [meta.objectType], changedObjectId: [String(id)] },
  });
}

/** The settings page's schedule panel: interval or cron, scope, next run and the last slot that fired. */
async function loadSchedule(): Promise<ScheduleInfoProps> {
  return scheduleSummary(await getDb());
}

export async function generateMetadata({ params }: DetailPageProps) {
  const { model, id } = await params;
  return { title: `${getMeta(model)?.label ?? 'Object'} #${id}` };
}

export default async function DetailPage({ params }: DetailPageProps) {
  const actor = await requireUser();
  const { model, id } = await params;
  const { meta, record } = await loadRecord(actor, model, id);
  const [related, history] = await Promise.all([
    loadRelated(actor, meta, record.id),
    loadHistory(actor, meta, record.id),
  ]);
  const changesMeta = changeLogMeta();
  const proxmoxUrl = await proxmoxWebUiUrlFor(actor, meta, record);
  const schedule = meta.detailPanels?.includes('schedule') ? await loadSchedule() : null;
  const backendCopy = meta.detailPanels?.includes('backend-copy')
    ? await loadBackendCopy(actor, meta.key, record.id)
    : null;
  const canSync = can(actor, 'sync');
  const [netboxHealth, netboxPush, jobPushes, syncPreview] = await Promise.all([
    meta.detailPanels?.includes('netbox-push') ? probeNetboxEndpoint(actor, record.id) : null,
    meta.detailPanels?.includes('netbox-push') ? loadNetboxPushDetail(actor, record.id) : null,
    meta.detailPanels?.includes('netbox-push-result') ? loadJobNetboxPushes(actor, record.id) : [],
    meta.detailPanels?.includes('sync-preview') ? loadJobSyncPreview(actor, record.id) : null,
  ]);

  return (
    <>
      <PageHeader
        title={record.display}
        crumbs={[{ label: meta.labelPlural, href: `/${meta.key}` }, { label: `#${record.id}` }]}
        actions={
          <>
            {proxmoxUrl && <OpenInProxmox href={proxmoxUrl} />}
            <DetailActions meta={meta} id={record.id} />
          </>
        }
      />
      {/* Full width: the preview's diff table needs the room. */}
      {netboxPush && (
        <div className="mb-4">
          <NetboxPushPanel endpointId={record.id} health={netboxHealth} detail={netboxPush} canPush={canSync} />
        </div>
      )}
      {syncPreview && (
        <div className="mb-4">
          <JobSyncPreview preview={syncPreview} />
        </div>
      )}
      <div className="grid gap-4 xl:grid-cols-2">
        <FieldTable meta={meta} record={record} />
        <div className="space-y-4">
          {meta.detailPanels?.includes('sync-progress') && <SyncProgress jobId={record.id} canCancel={canSync} />}
          {jobPushes.length > 0 && <JobPushResult pushes={jobPushes} />}
          {schedule && <ScheduleInfo {...schedule} />}
          {canSync && meta.detailPanels?.includes('sync-actions') && (
            <section className="card p-3" aria-label="Sync">
              <SyncActions endpointId={record.id} />
            </section>
          )}
          {canSync && meta.detailPanels?.includes('object-sync') && hasProxmoxIdentity(meta.key, record) && (
            <section className="card p-3" aria-label="Sync">
              <ObjectSyncButton type={meta.key} id={record.id} />
            </section>
          )}
          {backendCopy && (
            <BackendCopyPanel status={backendCopy} modelKey={meta.key} id={record.id} canPush={canSync} />
          )}
          {meta.taggable && <TagList tags={isTagList(record.tags) ? record.tags : []} />}
          {history && changesMeta && (
            <ChangeHistory
              changesMeta={changesMeta}
              result={history}
              objectType={meta.objectType}
              objectId={record.id}
            />
          )}
        </div>
      </div>
      {related.length > 0 && (
        <div className="mt-4 grid gap-4 xl:grid-cols-2">
          <RelatedObjects sections={related} parentId={record.id} />
        </div>
      )}
    </>
  );
}
