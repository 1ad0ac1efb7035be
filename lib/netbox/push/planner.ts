// The push planner: per NetBox object type, in dependency order, it matches every wanted object
// with NetBox (its ownership record, else its natural key), decides create / update / unchanged
// / conflict / refusal, and lists the owned objects the local inventory no longer has. The same
// plan serves the dry run and the apply, so a preview shows exactly what an apply does.
import type { NetboxObject } from '../client';
import type { NetboxFeatures } from '../version';
import { ipHost, mergeTags, normalizeRemote, remoteTagSlugs, sameSet, sameValue } from './compare';
import { OWNER_TAG, PVE_TAG_PREFIX, STALE_TAG } from './local';
import { isRef, type Desired, type FieldValue } from './model';
import { readCandidates, readOwned, type RemoteSource } from './remote';
import {
  PUSH_OBJECT_TYPES,
  type FieldChange,
  type JsonValue,
  type PlannedConflict,
  type PushObjectType,
  type PushPlan,
  type PushTypePlan,
} from './types';

/** One ownership record: which NetBox object a local key was pushed to. */
export interface OwnershipRecord {
  remoteType: string;
  localKey: string;
  remoteId: number;
}

export type EntryKind = 'create' | 'update' | 'unchanged' | 'conflict' | 'refusal';

export interface PlanEntry {
  desired: Desired;
  kind: EntryKind;
  remote: NetboxObject | null;
  adopt: boolean;
  /** create: every field; update: the changed ones (refs unresolved, tags as slugs). */
  body: Record<string, FieldValue>;
  /** Fields written in the second pass (after the types they reference). */
  deferredBody: Record<string, FieldValue>;
  changes: FieldChange[];
  reason: string;
}

export interface PlanDelete {
  type: PushObjectType;
  key: string;
  label: string;
  remoteId: number;
  reason: string;
}

export interface InternalPlan {
  features: NetboxFeatures;
  entries: Map<PushObjectType, PlanEntry[]>;
  deletes: Map<PushObjectType, PlanDelete[]>;
  /** Keys whose NetBox id is already known (matched or adopted objects). */
  remoteIds: Map<string, number>;
  /** Ownership records to drop: their object is gone from NetBox, or was handed to another key. */
  dropRecords: OwnershipRecord[];
  /** Tag slug → NetBox id, for tags NetBox already has. */
  tagIds: Map<string, number>;
  deletesHeldBack: PushObjectType[];
}

/** Types whose objects depend on nothing being deleted with them: adopted and kept, never deleted. */
const NEVER_DELETED = new Set<PushObjectType>([
  'extras/tags',
  'extras/custom-fields',
  'dcim/manufacturers',
  'dcim/device-types',
  'dcim/sites',
  'dcim/device-roles',
  'virtualization/cluster-types',
  'virtualization/virtual-machine-types',
]);

/** How NetBox identifies an object of each type, in the form `Desired.natural` uses. */
function remoteNatural(
  type: PushObjectType,
  o: NetboxObject,
  keyOf: (type: PushObjectType, id: number | null) => string,
): string {
  const id = (v: unknown) =>
    typeof v === 'number'
      ? v
      : v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'number'
        ? (v as { id: number }).id
        : null;
  const lower = (v: unknown) => String(v ?? '').toLowerCase();
  switch (type) {
    case 'extras/custom-fields':
      return String(o.name);
    case 'dcim/device-types':
      return `${o.slug}|${keyOf('dcim/manufacturers', id(o.manufacturer))}`;
    case 'virtualization/clusters':
      return lower(o.name);
    case 'dcim/devices':
      return `${lower(o.name)}|${keyOf('dcim/sites', id(o.site))}`;
    case 'dcim/interfaces':
      return `${keyOf('dcim/devices', id(o.device))}|${o.name}`;
    case 'virtualization/virtual-machines':
      return `${lower(o.name)}|${o.cluster ? keyOf('virtualization/clusters', id(o.cluster)) : ''}`;
    case 'virtualization/interfaces':
    case 'virtualization/virtual-disks':
      return `${keyOf('virtualization/virtual-machines', id(o.virtual_machine))}|${o.name}`;
    case 'dcim/mac-addresses': {
      const parentType = o.assigned_object_type === 'dcim.interface' ? 'dcim/interfaces' : 'virtualization/interfaces';
      return `${lower(o.mac_address)}|${o.assigned_object_id == null ? '' : keyOf(parentType, Number(o.assigned_object_id))}`;
    }
    case 'ipam/ip-addresses':
      return ipHost(String(o.address));
    default:
      return String(o.slug);
  }
}

const refLabel = (key: string, labels: Map<string, string>) => `new: ${labels.get(key) ?? key}`;

/** The value a ref or plain field has for comparison and display: a NetBox id, or "new: …". */
function planned(value: FieldValue, remoteIds: Map<string, number>, labels: Map<string, string>): JsonValue {
  if (!isRef(value)) return value;
  return remoteIds.get(value.$ref) ?? refLabel(value.$ref, labels);
}

function identityConflict(d: Desired, remote: NetboxObject): string | null {
  if (!d.identity) return null;
  const cf = (remote.custom_fields ?? {}) as Record<string, unknown>;
  for (const [name, want] of Object.entries(d.identity.fields)) {
    const have = cf[name];
    if (have === null || have === undefined || have === '' || want === null) continue;
    if (String(have).toLowerCase() !== String(want).toLowerCase()) {
      return `NetBox's ${remote.display ?? remote.name ?? `#${remote.id}`} (id ${remote.id}) is another Proxmox object (${name} = ${JSON.stringify(have)}, this one is ${d.identity.describe}); it is not taken over`;
    }
  }
  return null;
}

export interface PlanInput {
  source: RemoteSource;
  features: NetboxFeatures;
  desired: Desired[];
  managedTags: Set<string>;
  records: OwnershipRecord[];
  holdDeletes: Set<PushObjectType>;
  onProgress?: (message: string) => void;
}

/** Builds the plan, reading NetBox type by type (no writes). */
export async function buildPlan(input: PlanInput): Promise<InternalPlan> {
  const { source, features, managedTags } = input;
  const labels = new Map(input.desired.map((d) => [d.key, d.label]));
  const byType = new Map<PushObjectType, Desired[]>(PUSH_OBJECT_TYPES.map((t) => [t, []]));
  for (const d of input.desired) byType.get(d.type)!.push(d);
  const recordsByType = new Map<string, OwnershipRecord[]>();
  for (const r of input.records)
    (recordsByType.get(r.remoteType) ?? recordsByType.set(r.remoteType, []).get(r.remoteType)!).push(r);
  const desiredKeys = new Set(input.desired.map((d) => d.key));

  const plan: InternalPlan = {
    features,
    entries: new Map(),
    deletes: new Map(),
    remoteIds: new Map(),
    dropRecords: [],
    tagIds: new Map(),
    deletesHeldBack: [],
  };
  const dropped = new Set<string>();
  const drop = (r: OwnershipRecord) => {
    const k = `${r.remoteType}|${r.localKey}`;
    if (dropped.has(k)) return;
    dropped.add(k);
    plan.dropRecords.push(r);
  };
  /** key of the object a NetBox id of a type belongs to (for natural keys of children). */
  const keyByRemote = new Map<string, string>();
  const keyOf = (type: PushObjectType, id: number | null) =>
    id === null ? '?' : `#${keyByRemote.get(`${type}:${id}`) ?? `?${id}`}`;
  /** Keys that will not exist in NetBox after this push (conflicts, refusals): their dependants are refused. */
  const blocked = new Set<string>();
  const badCustomFields = new Set<string>();
  let ownedReads: Map<PushObjectType, Promise<NetboxObject[]>> | null = null;

  for (const type of PUSH_OBJECT_TYPES) {
    const wanted = byType.get(type)!;
    const records = recordsByType.get(type) ?? [];
    const entries: PlanEntry[] = [];
    const deletes: PlanDelete[] = [];
    plan.entries.set(type, entries);
    plan.deletes.set(type, deletes);
    if (wanted.length === 0 && records.length === 0) continue;
    input.onProgress?.(`reading ${type}`);

    // Owned objects: those with the owner tag (the tag must exist for NetBox to accept the filter).
    // Once the tags are known, every type's list is requested at once: they do not depend on each other.
    if (!ownedReads && type !== 'extras/tags' && type !== 'extras/custom-fields') {
      ownedReads = new Map();
      if (plan.tagIds.has(OWNER_TAG)) {
        for (const t of PUSH_OBJECT_TYPES) {
          if ((byType.get(t)?.length ?? 0) === 0 && (recordsByType.get(t)?.length ?? 0) === 0) continue;
          const read = readOwned(source, t);
          read.catch(() => undefined);
          ownedReads.set(t, read);
        }
      }
    }
    const owned = ownedReads ? await (ownedReads.get(type) ?? Promise.resolve([])) : await readOwned(source, type);
    const byId = new Map<number, NetboxObject>(owned.map((o) => [o.id, o]));
    const recordByKey = new Map(records.map((r) => [r.localKey, r]));
    const keyOfRecordId = new Map(records.map((r) => [r.remoteId, r.localKey]));

    const matched = new Map<string, NetboxObject>();
    const unmatched: Desired[] = [];
    for (const d of wanted) {
      const rec = recordByKey.get(d.key);
      const remote = rec ? byId.get(rec.remoteId) : undefined;
      if (remote) matched.set(d.key, remote);
      else unmatched.push(d);
    }
    // Candidates by natural key, only for what the owned list did not answer.
    const parentId = (key: string) => plan.remoteIds.get(key) ?? null;
    const candidates = await readCandidates(source, type, unmatched, parentId);
    for (const c of candidates) if (!byId.has(c.id)) byId.set(c.id, c);
    const byNatural = new Map<string, NetboxObject[]>();
    for (const o of byId.values()) {
      const n = remoteNatural(type, o, keyOf);
      (byNatural.get(n) ?? byNatural.set(n, []).get(n)!).push(o);
    }
    const claimed = new Set([...matched.values()].map((o) => o.id));

    for (const d of wanted) {
      const dependsOnBlocked = Object.values({ ...d.fields }).find(
        (v) => isRef(v) && blocked.has(v.$ref) && !d.deferred.some((f) => d.fields[f] === v),
      );
      if (dependsOnBlocked && isRef(dependsOnBlocked)) {
        blocked.add(d.key);
        entries.push(
          entry(
            d,
            'refusal',
            null,
            `not pushed: it belongs to ${labels.get(dependsOnBlocked.$ref) ?? dependsOnBlocked.$ref}, which is not pushed`,
          ),
        );
        continue;
      }
      let remote = matched.get(d.key) ?? null;
      let adopt = false;
      if (!remote) {
        let found = (byNatural.get(d.natural) ?? []).filter((o) => !claimed.has(o.id));
        // IPs: only the global table clashes (addresses in a VRF are another space).
        if (type === 'ipam/ip-addresses') found = found.filter((o) => o.vrf == null);
        if (found.length > 1 && type === 'virtualization/clusters') {
          blocked.add(d.key);
          entries.push(
            entry(
              d,
              'conflict',
              null,
              `${found.length} NetBox clusters are named "${d.fields.name}"; none is taken over`,
            ),
          );
          continue;
        }
        const candidate = found[0];
        if (candidate) {
          const owner = keyOfRecordId.get(candidate.id);
          if (owner && owner !== d.key && desiredKeys.has(owner)) {
            blocked.add(d.key);
            entries.push(
              entry(
                d,
                'conflict',
                candidate,
                `NetBox object ${candidate.id} is already pushed for ${labels.get(owner) ?? owner}`,
              ),
            );
            continue;
          }
          const clash = identityConflict(d, candidate) ?? ipRefusal(d, candidate, keyByRemote);
          if (clash) {
            blocked.add(d.key);
            entries.push(entry(d, type === 'ipam/ip-addresses' ? 'refusal' : 'conflict', candidate, clash));
            continue;
          }
          if (owner && owner !== d.key) drop({ remoteType: type, localKey: owner, remoteId: candidate.id });
          remote = candidate;
          adopt = !owner || owner !== d.key;
          // An object pushed before whose ownership record was lost is still ours: it carries the tag.
          if (!owner && remoteTagSlugs(candidate).includes(OWNER_TAG) && !d.shared) adopt = false;
        }
      }
      if (!remote) {
        entries.push(createEntry(d, features, badCustomFields));
        continue;
      }
      claimed.add(remote.id);
      plan.remoteIds.set(d.key, remote.id);
      keyByRemote.set(`${type}:${remote.id}`, d.key);
      if (type === 'extras/tags') plan.tagIds.set(String(remote.slug), remote.id);
      if (type === 'extras/custom-fields') {
        const kind = normalizeRemote(remote.type);
        if (kind !== d.fields.type) {
          badCustomFields.add(String(d.fields.name));
          blocked.add(d.key);
          entries.push(
            entry(
              d,
              'conflict',
              remote,
              `NetBox's custom field ${d.fields.name} is of type ${JSON.stringify(kind)}, not ${d.fields.type}; Proxbox does not write it`,
            ),
          );
          continue;
        }
      }
      entries.push(updateEntry(d, remote, adopt, plan.remoteIds, labels, managedTags, badCustomFields));
    }

    // Owned objects the local inventory no longer has.
    for (const r of records) {
      if (desiredKeys.has(r.localKey)) {
        if (!byId.has(r.remoteId) || plan.remoteIds.get(r.localKey) !== r.remoteId) drop(r);
        continue;
      }
      if (dropped.has(`${type}|${r.localKey}`)) continue;
      const remote = byId.get(r.remoteId);
      if (!remote || NEVER_DELETED.has(type)) {
        drop(r);
        continue;
      }
      if (input.holdDeletes.has(type)) {
        if (!plan.deletesHeldBack.includes(type)) plan.deletesHeldBack.push(type);
        continue;
      }
      deletes.push({
        type,
        key: r.localKey,
        label: String(remote.display ?? remote.name ?? remote.address ?? `#${remote.id}`),
        remoteId: r.remoteId,
        reason: 'gone from the local inventory',
      });
    }
  }
  // Second-pass fields (primary IP, primary MAC) are compared once every type is matched; those
  // pointing at something not pushed are left out.
  for (const entries of plan.entries.values()) {
    for (const e of entries) {
      if (e.kind === 'create') {
        for (const [field, v] of Object.entries(e.deferredBody))
          if (isRef(v) && blocked.has(v.$ref)) delete e.deferredBody[field];
        continue;
      }
      if ((e.kind !== 'update' && e.kind !== 'unchanged') || !e.remote) continue;
      for (const field of e.desired.deferred) {
        const want = e.desired.fields[field];
        if (want === undefined || !e.desired.updatable.includes(field) || (isRef(want) && blocked.has(want.$ref)))
          continue;
        const old = normalizeRemote(e.remote[field]);
        const next = planned(want, plan.remoteIds, labels);
        if (sameValue(old, next)) continue;
        e.deferredBody[field] = want;
        e.changes.push({ field, old, new: next });
        e.kind = 'update';
      }
    }
  }
  return plan;
}

function entry(d: Desired, kind: EntryKind, remote: NetboxObject | null, reason: string): PlanEntry {
  return { desired: d, kind, remote, adopt: false, body: {}, deferredBody: {}, changes: [], reason };
}

/** An IP in the way: assigned to something Proxbox does not manage, or the same host with another mask. */
function ipRefusal(d: Desired, remote: NetboxObject, keyByRemote: Map<string, string>): string | null {
  if (d.type !== 'ipam/ip-addresses') return null;
  if (remote.assigned_object_id != null) {
    const parentType =
      remote.assigned_object_type === 'dcim.interface'
        ? 'dcim/interfaces'
        : remote.assigned_object_type === 'virtualization.vminterface'
          ? 'virtualization/interfaces'
          : null;
    const owner = parentType ? keyByRemote.get(`${parentType}:${remote.assigned_object_id}`) : undefined;
    if (!owner)
      return `${remote.address} is assigned in NetBox to ${describeAssigned(remote)}, which Proxbox does not manage; it is neither reassigned nor duplicated`;
    return null;
  }
  if (String(remote.address).toLowerCase() !== String(d.fields.address).toLowerCase()) {
    return `NetBox holds ${remote.address} (another prefix length) unassigned; it is not changed to ${d.fields.address}`;
  }
  return null;
}

function describeAssigned(remote: NetboxObject): string {
  const a = remote.assigned_object as Record<string, unknown> | null | undefined;
  const parent = (a?.virtual_machine ?? a?.device) as Record<string, unknown> | undefined;
  const what = a ? `${parent?.name ? `${String(parent.name)} ` : ''}${String(a.name ?? a.display ?? '')}` : '';
  return `${what || `${remote.assigned_object_type} ${remote.assigned_object_id}`}`.trim();
}

function ownedCustomFields(d: Desired, bad: Set<string>): Record<string, JsonValue> {
  return Object.fromEntries(Object.entries(d.customFields).filter(([k]) => !bad.has(k)));
}

function createEntry(d: Desired, features: NetboxFeatures, bad: Set<string>): PlanEntry {
  void features;
  const body: Record<string, FieldValue> = {};
  const deferredBody: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(d.fields)) {
    if (d.deferred.includes(k)) deferredBody[k] = v;
    else body[k] = v;
  }
  if (d.tags.length) body.tags = d.tags;
  const cf = ownedCustomFields(d, bad);
  if (Object.keys(cf).length) body.custom_fields = cf;
  return { desired: d, kind: 'create', remote: null, adopt: false, body, deferredBody, changes: [], reason: '' };
}

function updateEntry(
  d: Desired,
  remote: NetboxObject,
  adopt: boolean,
  remoteIds: Map<string, number>,
  labels: Map<string, string>,
  managedTags: Set<string>,
  bad: Set<string>,
): PlanEntry {
  const body: Record<string, FieldValue> = {};
  const deferredBody: Record<string, FieldValue> = {};
  const changes: FieldChange[] = [];
  for (const field of d.updatable) {
    if (!(field in d.fields)) continue;
    const want = d.fields[field];
    const old = normalizeRemote(remote[field]);
    if (field === 'object_types') {
      const have = Array.isArray(old) ? old.map(String) : [];
      const merged = [...new Set([...have, ...(want as string[])])];
      if (!sameSet(have, merged)) {
        body[field] = merged;
        changes.push({ field, old, new: merged });
      }
      continue;
    }
    if (d.deferred.includes(field)) continue;
    const next = planned(want, remoteIds, labels);
    if (sameValue(old, next)) continue;
    body[field] = want;
    changes.push({ field, old, new: next });
  }
  if (d.type !== 'extras/tags' && d.type !== 'extras/custom-fields') {
    const have = remoteTagSlugs(remote);
    const wanted = [OWNER_TAG];
    const managed = new Set<string>();
    if (d.tagsOnUpdate) {
      managed.add(STALE_TAG);
      if (d.tags.includes(STALE_TAG)) wanted.push(STALE_TAG);
    }
    if (d.pveTagsOnUpdate) {
      // Every `pve-` tag is Proxbox's: one whose Proxmox tag is gone from all guests is removed too.
      for (const t of [...managedTags, ...have]) if (t.startsWith(PVE_TAG_PREFIX)) managed.add(t);
      wanted.push(...d.tags.filter((t) => t.startsWith(PVE_TAG_PREFIX)));
    }
    const next = mergeTags(have, wanted, managed);
    if (!sameSet(have, next)) {
      body.tags = next;
      changes.push({ field: 'tags', old: have, new: next });
    }
  }
  const cfHave = (remote.custom_fields ?? {}) as Record<string, unknown>;
  const cfBody: Record<string, JsonValue> = {};
  for (const [name, want] of Object.entries(ownedCustomFields(d, bad))) {
    const old = normalizeRemote(cfHave[name]);
    // Without the overwrite flag a custom field is only filled in, never changed.
    if (!d.customFieldsOnUpdate && old !== null && old !== '') continue;
    if (sameValue(old, want)) continue;
    cfBody[name] = want;
    changes.push({ field: `custom_fields.${name}`, old, new: want });
  }
  if (Object.keys(cfBody).length) body.custom_fields = cfBody;
  return {
    desired: d,
    kind: changes.length ? 'update' : 'unchanged',
    remote,
    adopt,
    body,
    deferredBody,
    changes,
    reason: '',
  };
}

/** The public view of a plan: per type, creates (fields), updates (old → new), deletes, conflicts, refusals. */
export function publicPlan(plan: InternalPlan, endpoint: { id: number; name: string }): PushPlan {
  const labels = new Map<string, string>();
  for (const list of plan.entries.values()) for (const e of list) labels.set(e.desired.key, e.desired.label);
  const show = (v: FieldValue): JsonValue => (isRef(v) ? (plan.remoteIds.get(v.$ref) ?? refLabel(v.$ref, labels)) : v);
  const types: PushTypePlan[] = PUSH_OBJECT_TYPES.map((type) => {
    const entries = plan.entries.get(type) ?? [];
    const conflict = (e: PlanEntry): PlannedConflict => ({
      key: e.desired.key,
      label: e.desired.label,
      remoteId: e.remote?.id ?? null,
      reason: e.reason,
    });
    return {
      type,
      creates: entries
        .filter((e) => e.kind === 'create')
        .map((e) => ({
          key: e.desired.key,
          label: e.desired.label,
          fields: Object.fromEntries(Object.entries({ ...e.body, ...e.deferredBody }).map(([k, v]) => [k, show(v)])),
        })),
      updates: entries
        .filter((e) => e.kind === 'update')
        .map((e) => ({
          key: e.desired.key,
          label: e.desired.label,
          remoteId: e.remote!.id,
          adopt: e.adopt,
          changes: e.changes,
        })),
      deletes: (plan.deletes.get(type) ?? []).map((d) => ({
        key: d.key,
        label: d.label,
        remoteId: d.remoteId,
        reason: d.reason,
      })),
      conflicts: entries.filter((e) => e.kind === 'conflict').map(conflict),
      refusals: entries.filter((e) => e.kind === 'refusal').map(conflict),
      unchanged: entries.filter((e) => e.kind === 'unchanged').length,
    };
  });
  const summary = Object.fromEntries(
    types.map((t) => [
      t.type,
      {
        created: t.creates.length,
        updated: t.updates.length,
        deleted: t.deletes.length,
        unchanged: t.unchanged,
        failed: t.conflicts.length + t.refusals.length,
      },
    ]),
  ) as PushPlan['summary'];
  return {
    endpointId: endpoint.id,
    endpointName: endpoint.name,
    netboxVersion: plan.features.version,
    types,
    summary,
    deletesHeldBack: plan.deletesHeldBack,
  };
}
