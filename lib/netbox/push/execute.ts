// Carries out a plan: per type in dependency order, bulk creates and bulk updates (references
// resolved to the NetBox ids known by then), then the second-pass fields (primary MAC, primary
// IPs), then deletes in reverse order. A refused write is recorded with its object and whatever
// does not depend on it goes on.
import { createHash } from 'node:crypto';
import type { NetboxClient, NetboxObject } from '../client';
import { NetboxError } from '../errors';
import { isRef, type FieldValue } from './model';
import type { InternalPlan, OwnershipRecord, PlanEntry } from './planner';
import { PUSH_OBJECT_TYPES, type JsonValue, type PushCounts, type PushFailure, type PushObjectType } from './types';

export interface ExecutionOutcome {
  counts: Record<PushObjectType, PushCounts>;
  failures: PushFailure[];
  /** Ownership records to write: every wanted object now known in NetBox. */
  upserts: (OwnershipRecord & { localModel: string; localId: number | null; hash: string })[];
  /** Ownership records to drop (deleted objects, objects gone from NetBox, handed over). */
  drops: OwnershipRecord[];
}

const hashOf = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32);

class Unresolved extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

export async function executePlan(
  client: NetboxClient,
  plan: InternalPlan,
  onProgress?: (message: string) => void,
): Promise<ExecutionOutcome> {
  const counts = Object.fromEntries(
    PUSH_OBJECT_TYPES.map((t) => [t, { created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 }]),
  ) as Record<PushObjectType, PushCounts>;
  const failures: PushFailure[] = [];
  const ids = new Map(plan.remoteIds);
  const tagIds = new Map(plan.tagIds);
  const labels = new Map<string, string>();
  for (const list of plan.entries.values()) for (const e of list) labels.set(e.desired.key, e.desired.label);
  const failedKeys = new Set<string>();

  const fail = (e: PlanEntry, operation: PushFailure['operation'], error: unknown) => {
    failedKeys.add(e.desired.key);
    counts[e.desired.type].failed += 1;
    if (error instanceof Unresolved) {
      failures.push({
        type: e.desired.type,
        key: e.desired.key,
        label: e.desired.label,
        operation,
        category: 'validation',
        message: `not written: ${labels.get(error.key) ?? error.key} it depends on was not written`,
        suggestion: 'Fix the failure of that object; the next push writes this one too.',
      });
      return;
    }
    const n = error instanceof NetboxError ? error : null;
    failures.push({
      type: e.desired.type,
      key: e.desired.key,
      label: e.desired.label,
      operation,
      category: n?.category ?? 'internal',
      message: n?.message ?? String(error),
      suggestion: n?.suggestion ?? 'See the server log.',
    });
  };

  const resolve = (v: FieldValue): JsonValue => {
    if (!isRef(v)) return v;
    const id = ids.get(v.$ref);
    if (id === undefined) throw new Unresolved(v.$ref);
    return id;
  };
  const tagRefs = (slugs: string[], remote: NetboxObject | null) => {
    const known = new Map<string, number>();
    for (const t of (remote?.tags as { slug?: string; id?: number }[] | undefined) ?? [])
      if (t.slug && t.id) known.set(t.slug, t.id);
    return slugs.map((slug) => {
      const id = known.get(slug) ?? tagIds.get(slug) ?? ids.get(`tag:${slug}`);
      if (id === undefined) throw new Unresolved(`tag:${slug}`);
      return id;
    });
  };
  const bodyOf = (e: PlanEntry, fields: Record<string, FieldValue>) => {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(fields)) {
      if (k === 'tags') out.tags = tagRefs(v as string[], e.remote);
      else if (k === 'custom_fields') out.custom_fields = v as JsonValue;
      else out[k] = resolve(v);
    }
    return out;
  };

  // Failures per pass and type, joined in dependency order at the end: the report reads the same
  // whichever of two overlapping types finished first.
  const failuresOf = new Map<string, PushFailure[]>();
  const failInto = (step: string) => (e: PlanEntry, operation: PushFailure['operation'], error: unknown) => {
    const before = failures.length;
    fail(e, operation, error);
    (failuresOf.get(step) ?? failuresOf.set(step, []).get(step)!).push(...failures.splice(before));
  };

  const writeType = async (type: PushObjectType) => {
    const entries = plan.entries.get(type) ?? [];
    const failHere = failInto(`1:${type}`);
    for (const e of entries) {
      if (e.kind === 'unchanged') counts[type].unchanged += 1;
      if (e.kind === 'conflict' || e.kind === 'refusal') counts[type].failed += 1;
    }
    const creates: { e: PlanEntry; body: Record<string, JsonValue> }[] = [];
    for (const e of entries) {
      if (e.kind !== 'create') continue;
      try {
        creates.push({ e, body: bodyOf(e, e.body) });
      } catch (error) {
        failHere(e, 'create', error);
      }
    }
    if (creates.length) {
      onProgress?.(`creating ${creates.length} ${type}`);
      const results = await client.createMany(
        type,
        creates.map((c) => c.body),
      );
      results.forEach((r, i) => {
        const { e } = creates[i];
        if (r instanceof NetboxError) return failHere(e, 'create', r);
        ids.set(e.desired.key, r.id);
        if (type === 'extras/tags') tagIds.set(String(r.slug), r.id);
        counts[type].created += 1;
      });
    }
    const updates: { e: PlanEntry; body: { id: number } & Record<string, JsonValue> }[] = [];
    for (const e of entries) {
      if (e.kind !== 'update' || Object.keys(e.body).length === 0) continue;
      try {
        updates.push({ e, body: { id: e.remote!.id, ...bodyOf(e, e.body) } });
      } catch (error) {
        failHere(e, 'update', error);
      }
    }
    if (updates.length) {
      onProgress?.(`updating ${updates.length} ${type}`);
      const results = await client.updateMany(
        type,
        updates.map((u) => u.body),
      );
      results.forEach((r, i) => {
        if (r instanceof NetboxError) failHere(updates[i].e, 'update', r);
      });
    }
    if (
      type === 'extras/custom-fields' &&
      client.options.customFieldsDelayMs > 0 &&
      (creates.length || updates.length)
    ) {
      await new Promise((r) => setTimeout(r, client.options.customFieldsDelayMs));
    }
  };

  // Second pass: fields pointing at objects written after their owner (primary MAC, primary IPs).
  const linkType = async (type: PushObjectType) => {
    const failHere = failInto(`2:${type}`);
    const entries = (plan.entries.get(type) ?? []).filter(
      (e) =>
        (e.kind === 'create' || e.kind === 'update') &&
        Object.keys(e.deferredBody).length > 0 &&
        !failedKeys.has(e.desired.key),
    );
    const patches: { e: PlanEntry; body: { id: number } & Record<string, JsonValue> }[] = [];
    for (const e of entries) {
      const id = ids.get(e.desired.key);
      if (id === undefined) continue;
      try {
        patches.push({ e, body: { id, ...bodyOf(e, e.deferredBody) } });
      } catch (error) {
        failHere(e, e.kind === 'create' ? 'create' : 'update', error);
      }
    }
    if (patches.length) {
      onProgress?.(`linking ${patches.length} ${type}`);
      const results = await client.updateMany(
        type,
        patches.map((p) => p.body),
      );
      results.forEach((r, i) => {
        if (r instanceof NetboxError) failHere(patches[i].e, patches[i].e.kind === 'create' ? 'create' : 'update', r);
      });
    }
  };

  // Each type waits only for the types its objects reference (tags and custom field definitions
  // come first for all), so independent types (node interfaces and VMs, VM interfaces and disks,
  // a type's links and the next type's creates) share the request slots instead of queueing
  // behind each other. With a pause between batches everything goes one step at a time.
  const typeOfKey = new Map<string, PushObjectType>();
  for (const [type, list] of plan.entries) for (const e of list) typeOfKey.set(e.desired.key, type);
  const order = new Map(PUSH_OBJECT_TYPES.map((t, i) => [t, i]));
  const refTypes = (type: PushObjectType, pick: (e: PlanEntry) => Record<string, FieldValue>) => {
    const out = new Set<PushObjectType>();
    for (const e of plan.entries.get(type) ?? []) {
      if (e.kind !== 'create' && e.kind !== 'update') continue;
      for (const v of Object.values(pick(e))) {
        const t = isRef(v) ? typeOfKey.get(v.$ref) : undefined;
        if (t && t !== type) out.add(t);
      }
    }
    return out;
  };
  const firstPass = new Map<PushObjectType, Promise<void>>();
  const secondPass: Promise<void>[] = [];
  const sequential = client.options.batchDelayMs > 0;
  let previous: Promise<unknown> = Promise.resolve();
  for (const type of PUSH_OBJECT_TYPES) {
    if ((plan.entries.get(type) ?? []).length === 0) continue;
    const deps = [...refTypes(type, (e) => e.body)]
      .filter((t) => order.get(t)! < order.get(type)!)
      .map((t) => firstPass.get(t));
    for (const t of ['extras/tags', 'extras/custom-fields'] as const)
      if (t !== type && order.get(t)! < order.get(type)!) deps.push(firstPass.get(t));
    const after = sequential ? [previous] : deps;
    const done = Promise.all(after).then(() => writeType(type));
    done.catch(() => undefined);
    firstPass.set(type, done);
    previous = done;
  }
  const firstDone = Promise.all(firstPass.values());
  for (const type of PUSH_OBJECT_TYPES) {
    if ((plan.entries.get(type) ?? []).length === 0) continue;
    const deps = [firstPass.get(type), ...[...refTypes(type, (e) => e.deferredBody)].map((t) => firstPass.get(t))];
    const after = sequential ? [firstDone, previous] : deps;
    const done = Promise.all(after).then(() => linkType(type));
    done.catch(() => undefined);
    secondPass.push(done);
    previous = done;
  }
  await Promise.all([...firstPass.values(), ...secondPass]);
  for (const pass of ['1', '2'])
    for (const type of PUSH_OBJECT_TYPES) failures.push(...(failuresOf.get(`${pass}:${type}`) ?? []));

  for (const type of PUSH_OBJECT_TYPES) {
    for (const e of plan.entries.get(type) ?? [])
      if (e.kind === 'update' && !failedKeys.has(e.desired.key)) counts[type].updated += 1;
  }

  // Deletes, children first.
  const drops: OwnershipRecord[] = [...plan.dropRecords];
  for (const type of [...PUSH_OBJECT_TYPES].reverse()) {
    const deletes = plan.deletes.get(type) ?? [];
    if (deletes.length === 0) continue;
    onProgress?.(`deleting ${deletes.length} ${type}`);
    const results = await client.deleteMany(
      type,
      deletes.map((d) => d.remoteId),
    );
    results.forEach((r, i) => {
      const d = deletes[i];
      if (r === null) {
        counts[type].deleted += 1;
        drops.push({ remoteType: type, localKey: d.key, remoteId: d.remoteId });
      } else {
        counts[type].failed += 1;
        failures.push({
          type,
          key: d.key,
          label: d.label,
          operation: 'delete',
          category: r.category,
          message: r.message,
          suggestion: r.suggestion,
        });
      }
    });
  }

  const upserts: ExecutionOutcome['upserts'] = [];
  for (const entries of plan.entries.values()) {
    for (const e of entries) {
      const id = ids.get(e.desired.key);
      if (id === undefined || e.kind === 'conflict' || e.kind === 'refusal') continue;
      const hash = failedKeys.has(e.desired.key)
        ? ''
        : hashOf({ fields: e.desired.fields, tags: e.desired.tags, cf: e.desired.customFields });
      upserts.push({
        remoteType: e.desired.type,
        localKey: e.desired.key,
        remoteId: id,
        localModel: e.desired.localModel,
        localId: e.desired.localId,
        hash,
      });
    }
  }
  return { counts, failures, upserts, drops };
}
