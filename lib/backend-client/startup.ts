import { inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { proxmoxEndpoints } from '@/db/schema';
import { systemActor } from '@/lib/data/actor';
import { backendCall, BackendRequestError } from './http';
import { mirroredNetboxId, pushEndpoint } from './push';
import { holdPushes, recordPush } from './push-state';
import { loadBackendCopy } from './status';
import { loadBackendTarget } from './target';
import type { EndpointModelKey } from './payloads';

// Brings the backend store in line with the inventory: after start (the seed's deferred startup
// push) and whenever an operator asks. Every endpoint whose copy is not current is pushed, and
// backend copies of endpoints deleted from the inventory are removed.

export interface ReconcileResult {
  pushed: number;
  current: number;
  removed: number;
  failed: { modelKey: EndpointModelKey; id: number; message: string }[];
}

async function removeOrphans(db: Database): Promise<number> {
  const target = await loadBackendTarget(db);
  const copies = (await backendCall(target, 'GET', 'proxmox/endpoints', [200])) as {
    id: number;
    source_id: number | null;
  }[];
  const sourced = copies.filter((c) => c.source_id !== null);
  if (sourced.length === 0) return 0;
  const alive = new Set(
    (
      await db
        .select({ id: proxmoxEndpoints.id })
        .from(proxmoxEndpoints)
        .where(
          inArray(
            proxmoxEndpoints.id,
            sourced.map((c) => c.source_id!),
          ),
        )
    ).map((r) => r.id),
  );
  const orphans = sourced.filter((c) => !alive.has(c.source_id!));
  for (const orphan of orphans) await backendCall(target, 'DELETE', `proxmox/endpoints/${orphan.id}`, [204]);
  return orphans.length;
}

/** Pushes every endpoint whose backend copy is not current; throws only when the backend is unreachable. */
export async function reconcileBackendCopies(db: Database): Promise<ReconcileResult> {
  const result: ReconcileResult = { pushed: 0, current: 0, removed: await removeOrphans(db), failed: [] };
  const proxmoxIds = (
    await db.select({ id: proxmoxEndpoints.id }).from(proxmoxEndpoints).orderBy(proxmoxEndpoints.id)
  ).map((r) => r.id);
  const netboxId = await mirroredNetboxId(db);
  const work: [EndpointModelKey, number][] = [
    ...proxmoxIds.map((id) => ['proxmox-endpoints', id] as [EndpointModelKey, number]),
    ...(netboxId === null ? [] : [['netbox-endpoints', netboxId] as [EndpointModelKey, number]]),
  ];
  for (const [modelKey, id] of work) {
    const status = await loadBackendCopy(systemActor, modelKey, id);
    if (status.state === 'current') {
      result.current++;
      continue;
    }
    try {
      const outcome = await pushEndpoint(db, modelKey, id);
      recordPush(modelKey, id, true, `Backend copy ${outcome.action} at start-up.`);
      result.pushed++;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      recordPush(modelKey, id, false, message);
      result.failed.push({ modelKey, id, message });
    }
  }
  return result;
}

/**
 * Releases the start-up hold and reconciles in the background once this server answers, retrying
 * with back-off while the backend is unreachable (it may be this very process, still starting).
 */
export function reconcileAfterStart(
  getDb: () => Promise<Database>,
  delaysMs = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000],
): void {
  holdPushes(false);
  const attempt = async (n: number): Promise<void> => {
    try {
      const result = await reconcileBackendCopies(await getDb());
      if (result.pushed > 0 || result.removed > 0 || result.failed.length > 0) {
        console.log(
          `Proxbox backend: ${result.pushed} endpoint(s) pushed, ${result.current} current, ${result.removed} stale copy(ies) removed, ${result.failed.length} failed.`,
        );
      }
      for (const f of result.failed) console.error(`Proxbox backend: ${f.modelKey} #${f.id} not pushed: ${f.message}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const retryable = err instanceof BackendRequestError && err.status === null;
      if (retryable && n < delaysMs.length) {
        setTimeout(() => void attempt(n + 1), delaysMs[n]).unref();
        return;
      }
      console.error(`Proxbox backend: the start-up push of endpoints failed: ${message}`);
    }
  };
  setTimeout(() => void attempt(1), delaysMs[0]).unref();
}
