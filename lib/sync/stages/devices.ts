import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { anyText } from '@/db/array-param';
import type { Database } from '@/db/client';
import { clusters, clusterTypes, devices, proxmoxClusters, proxmoxEndpoints, proxmoxNodes, sites } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { ensureRow, ensureShared, slugify } from '../write/ensure';
import { coversNode } from '../scope/object-scope';
import { keysOf, reconcile } from '../write/reconcile';
import { applyPlan } from '../write/write';

const STAGE = 'devices' as const;
const model = (key: string) => getModel(key)!;

/** Fields a sync may overwrite, given the overwrite flags: `always` plus each flag's fields. */
function gated<const K extends string>(always: K[], flags: [boolean, K][]): K[] {
  return [...always, ...flags.filter(([on]) => on).map(([, field]) => field)];
}

/**
 * The seed's "Proxmox Default Site - {cluster}". Two endpoints may both have a cluster called
 * "pve": the second gets a site of its own (suffixed with the endpoint) so the clusters, unique
 * per site, stay apart.
 */
async function ensureClusterSite(tx: Database, ctx: SyncContext, clusterName: string, tags: number[]): Promise<number> {
  const ep = ctx.endpoint;
  const baseSlug = slugify(`proxmox-default-site-${clusterName}`);
  const [taken] = await tx
    .select({ id: clusters.id })
    .from(clusters)
    .innerJoin(sites, eq(sites.id, clusters.siteId))
    .where(and(eq(sites.slug, baseSlug), eq(clusters.name, clusterName), ne(clusters.proxmoxEndpointId, ep.id)))
    .limit(1);
  const name = `Proxmox Default Site - ${clusterName}`;
  if (!taken) return ensureRow(tx, ctx, sites, 'slug', baseSlug, { name: name.slice(0, 100), status: 'active' }, tags);
  return ensureRow(
    tx,
    ctx,
    sites,
    'slug',
    slugify(`${baseSlug}-${ep.id}`),
    { name: `${name} (${ep.name})`.slice(0, 100), status: 'active' },
    tags,
  );
}

/**
 * Stage `devices`: the cluster (NetBox cluster type, site, cluster; ProxmoxCluster) and its nodes
 * (a NetBox device per node; ProxmoxNode linked to both), plus the endpoint's mode and version.
 */
export async function syncDevices(ctx: SyncContext): Promise<void> {
  const [topology, version] = await Promise.all([ctx.fetcher.topology(), ctx.fetcher.version()]);
  if (!topology.ok) return recordIssue(ctx, STAGE, 'cluster status', topology.error);
  const { cluster } = topology.value;
  // A node's own run refreshes the cluster it belongs to but touches no other node.
  const nodes = topology.value.nodes.filter((n) => coversNode(ctx.scope, n.name));
  const ep = ctx.endpoint;
  await ctx.db.transaction(async (tx) => {
    const shared = await ensureShared(tx, ctx);
    const tags = [shared.proxboxTag];

    const endpointWant: Partial<typeof proxmoxEndpoints.$inferInsert> = { mode: cluster.mode };
    if (version.ok)
      Object.assign(endpointWant, {
        version: version.value.release || version.value.version,
        repoid: version.value.repoid || null,
      });
    else recordIssue(ctx, STAGE, 'version', version.error);
    const [epRow] = await tx.select().from(proxmoxEndpoints).where(eq(proxmoxEndpoints.id, ep.id));
    await applyPlan(
      tx,
      ctx,
      model('proxmox-endpoints'),
      await reconcile({
        existing: [epRow],
        desired: [{ ...epRow, ...endpointWant }],
        key: () => 'ep',
        updatable: keysOf(endpointWant),
      }),
      { removal: 'none' },
    );

    const typeId = await ensureRow(
      tx,
      ctx,
      clusterTypes,
      'slug',
      cluster.mode,
      { name: cluster.mode === 'cluster' ? 'Cluster' : 'Standalone', description: `Proxmox ${cluster.mode} mode` },
      tags,
    );
    const siteId = ep.siteId ?? (await ensureClusterSite(tx, ctx, cluster.name, tags));

    const existingClusters = await tx.select().from(clusters).where(eq(clusters.proxmoxEndpointId, ep.id));
    const clusterPlan = await reconcile({
      existing: existingClusters,
      desired: [
        {
          name: cluster.name,
          typeId,
          siteId,
          status: 'active',
          proxmoxEndpointId: ep.id,
          tenantId: ep.tenantId,
          description: `Proxmox ${cluster.mode} cluster.`,
        } satisfies typeof clusters.$inferInsert,
      ],
      key: (r) => String(r.name),
      updatable: gated(['typeId', 'siteId'], [[ctx.overwrite.overwriteClusterDescription, 'description']]),
    });
    const clusterResult = await applyPlan(tx, ctx, model('clusters'), clusterPlan, {
      removal: 'none',
      tagIds: tags,
      retag: ctx.overwrite.overwriteClusterTags,
    });
    addCounts(ctx, STAGE, clusterResult);
    const netboxClusterId = [...clusterResult.created, ...clusterResult.updated, ...clusterResult.unchanged].find(
      (r) => r.name === cluster.name,
    )!.id;

    const pcExisting = await tx.select().from(proxmoxClusters).where(eq(proxmoxClusters.proxmoxEndpointId, ep.id));
    const pcResult = await applyPlan(
      tx,
      ctx,
      model('proxmox-clusters'),
      await reconcile({
        existing: pcExisting,
        desired: [
          {
            name: cluster.name,
            proxmoxEndpointId: ep.id,
            netboxClusterId,
            mode: cluster.mode,
            nodesCount: cluster.nodesCount,
            quorate: cluster.quorate,
            version: cluster.version,
          } satisfies typeof proxmoxClusters.$inferInsert,
        ],
        key: (r) => String(r.name),
        updatable: ['netboxClusterId', 'mode', 'nodesCount', 'quorate', 'version'],
      }),
      { removal: 'none' },
    );
    addCounts(ctx, STAGE, pcResult);
    const proxmoxClusterId = [...pcResult.created, ...pcResult.updated, ...pcResult.unchanged].find(
      (r) => r.name === cluster.name,
    )!.id;

    // Devices: the sync's own, plus same-named unowned devices at the site, which it adopts.
    const names = nodes.map((n) => n.name.toLowerCase());
    const ownDevices = (await tx.select().from(devices).where(eq(devices.proxmoxEndpointId, ep.id))).filter((r) =>
      coversNode(ctx.scope, r.proxmoxNode),
    );
    const adoptable =
      names.length === 0
        ? []
        : await tx
            .select()
            .from(devices)
            .where(
              and(
                isNull(devices.proxmoxEndpointId),
                eq(devices.siteId, siteId),
                anyText(sql`lower(${devices.name})`, names),
              ),
            );
    const deviceKey = (r: { proxmoxNode?: string | null; name?: string | null }) =>
      String(r.proxmoxNode ?? r.name).toLowerCase();
    const deviceResult = await applyPlan(
      tx,
      ctx,
      model('devices'),
      await reconcile({
        existing: [...ownDevices, ...adoptable],
        desired: nodes.map((n): typeof devices.$inferInsert => ({
          name: n.name,
          siteId,
          clusterId: netboxClusterId,
          deviceTypeId: shared.deviceType,
          roleId: shared.nodeRole,
          tenantId: ep.tenantId,
          status: n.online ? 'active' : 'offline',
          description: `Proxmox Node ${n.name}`,
          proxmoxEndpointId: ep.id,
          proxmoxNode: n.name,
        })),
        key: deviceKey,
        updatable: gated(
          ['clusterId', 'proxmoxEndpointId', 'proxmoxNode'],
          [
            [ctx.overwrite.overwriteDeviceStatus, 'status'],
            [ctx.overwrite.overwriteDeviceRole, 'roleId'],
            [ctx.overwrite.overwriteDeviceType, 'deviceTypeId'],
            [ctx.overwrite.overwriteDeviceDescription, 'description'],
          ],
        ),
        removable: (r) => r.proxmoxEndpointId === ep.id,
      }),
      { removal: 'stale', staleValues: { status: 'offline' }, tagIds: tags, retag: ctx.overwrite.overwriteDeviceTags },
    );
    addCounts(ctx, STAGE, deviceResult, 'updated');
    const deviceIds = new Map(
      [...deviceResult.created, ...deviceResult.updated, ...deviceResult.unchanged].map((r) => [deviceKey(r), r.id]),
    );

    const nodeExisting = (await tx.select().from(proxmoxNodes).where(eq(proxmoxNodes.proxmoxEndpointId, ep.id))).filter(
      (r) => coversNode(ctx.scope, r.name),
    );
    const nodeResult = await applyPlan(
      tx,
      ctx,
      model('proxmox-nodes'),
      await reconcile({
        existing: nodeExisting,
        desired: nodes.map((n): typeof proxmoxNodes.$inferInsert => ({
          name: n.name,
          proxmoxEndpointId: ep.id,
          proxmoxClusterId,
          netboxDeviceId: deviceIds.get(n.name.toLowerCase()) ?? null,
          nodeId: n.nodeId,
          ipAddress: n.ip ?? '',
          online: n.online,
          local: n.local,
          cpuUsage: n.cpu,
          maxCpu: n.maxCpu,
          memoryUsage: n.memory,
          maxMemory: n.maxMemory,
          sslFingerprint: n.sslFingerprint,
          supportLevel: n.level,
        })),
        key: (r) => String(r.name),
        updatable: [
          'proxmoxClusterId',
          'netboxDeviceId',
          'nodeId',
          'ipAddress',
          'online',
          'local',
          'cpuUsage',
          'maxCpu',
          'memoryUsage',
          'maxMemory',
          'sslFingerprint',
          'supportLevel',
        ],
      }),
      { removal: 'delete' },
    );
    addCounts(ctx, STAGE, nodeResult);
  });
}
