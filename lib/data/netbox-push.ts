import { eq } from 'drizzle-orm';
import { netboxEndpoints } from '@/db/schema';
import { planView, type PlanView } from '@/lib/dashboard/push-plan-view';
import { planNetboxPush } from '@/lib/netbox/push';
import { startSyncJob } from '@/lib/sync/jobs/start';
import { actorName, type Actor } from './actor';
import { AppError } from './errors';
import { dataDb } from './transaction';
import { assertCan } from './permissions';

// Preview and apply of a push to one NetBox endpoint, for its page: who may, and on what.
// Both contact the user's NetBox, so they are operator actions: viewers are refused.

function assertMayPush(actor: Actor): void {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
  assertCan(actor, 'sync', 'Pushing to NetBox needs the operator or admin role.');
}

async function enabledEndpoint(endpointId: number) {
  if (!Number.isSafeInteger(endpointId) || endpointId < 1) throw new AppError('not_found', 'No such NetBox endpoint.');
  const db = await dataDb();
  const [endpoint] = await db
    .select({ id: netboxEndpoints.id, enabled: netboxEndpoints.enabled })
    .from(netboxEndpoints)
    .where(eq(netboxEndpoints.id, endpointId));
  if (!endpoint) throw new AppError('not_found', 'No such NetBox endpoint.');
  if (!endpoint.enabled)
    throw new AppError('validation', 'This NetBox endpoint is disabled: enable it to preview or apply a push.');
  return db;
}

/** What a push to the endpoint would do now (a dry run: nothing is written anywhere), shaped for the preview. */
export async function previewNetboxPush(actor: Actor, endpointId: number): Promise<PlanView> {
  assertMayPush(actor);
  const db = await enabledEndpoint(endpointId);
  return planView(await planNetboxPush(db, endpointId));
}

/** Starts a push of the current inventory (the `netbox-push` stage alone) as a sync job; returns its id. */
export async function startNetboxPush(actor: Actor, endpointId: number): Promise<number> {
  assertMayPush(actor);
  const db = await enabledEndpoint(endpointId);
  return startSyncJob(db, actor, { stages: ['netbox-push'], requestedBy: actorName(actor) });
}
