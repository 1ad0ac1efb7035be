import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconcile } from '@/lib/sync/write/reconcile';
import { fixturePath } from '../../fixtures/paths';

// The seed backend's language-neutral reconciliation cases (fixtures/proxbox/reconciliation),
// replayed through our reconcile(): NetBox payloads are mapped to our VM row shape, the
// decisions (create / unchanged / update and the changed fields) must match the expected ones.

const dir = fixturePath('proxbox', 'reconciliation');
type Obj = Record<string, unknown>;
const id = (v: unknown): unknown => (v && typeof v === 'object' && 'id' in (v as Obj) ? (v as Obj).id : (v ?? null));
const tagIds = (v: unknown) =>
  Array.isArray(v)
    ? v
        .map(id)
        .map(Number)
        .sort((a, b) => a - b)
    : [];

/** A NetBox VM payload (desired or stored) → our row: identity in real columns, relations as ids. */
function toRow(p: Obj, identity: { vmid: unknown; type: unknown }): Obj {
  const cf = (p.custom_fields ?? {}) as Obj;
  return {
    id: p.id,
    vmid: identity.vmid ?? null,
    guestType: identity.type ?? null,
    clusterId: id(p.cluster),
    deviceId: id(p.device),
    roleId: id(p.role),
    name: p.name,
    status: p.status,
    vcpus: p.vcpus,
    memory: p.memory,
    disk: p.disk,
    description: p.description,
    tags: tagIds(p.tags),
    customFields: cf,
  };
}

const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('seed reconciliation cases, in spirit', () => {
  it('finds all ten cases', () => expect(files).toHaveLength(10));

  for (const file of files) {
    it(file, async () => {
      const c = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
        prepared_vms: Obj[];
        netbox_snapshot: Obj[];
        flags: Record<string, boolean>;
        expected: { methods: string[]; patch_payloads: Obj[]; existing_ids?: number[] };
      };
      const existing = c.netbox_snapshot.map((s) => {
        const cf = (s.custom_fields ?? {}) as Obj;
        return toRow(s, { vmid: cf.proxmox_vm_id, type: cf.proxmox_vm_type });
      });
      // A stored VM without a recorded type (legacy rows) matches its guest by vmid alone.
      for (const e of existing) {
        if (e.guestType !== null || e.vmid === null) continue;
        const guest = c.prepared_vms.find((p) => (p.resource as Obj).vmid === e.vmid);
        if (guest) e.guestType = guest.vm_type ?? (guest.resource as Obj).type;
      }
      const desired = c.prepared_vms.map((p) => {
        const res = p.resource as Obj;
        const row = toRow(p.desired_payload as Obj, { vmid: res.vmid, type: p.vm_type ?? res.type });
        const stored = existing.find(
          (e) => e.vmid === row.vmid && e.guestType === row.guestType && e.clusterId === row.clusterId,
        );
        // Tags merge: the sync adds its own and keeps the user's (overwrite_vm_tags = "merge VM tags").
        if (stored)
          row.tags = c.flags.overwrite_vm_tags
            ? [...new Set([...(stored.tags as number[]), ...(row.tags as number[])])].sort((a, b) => a - b)
            : stored.tags;
        return row;
      });
      const updatable = ['name', 'status', 'vcpus', 'memory', 'disk', 'clusterId', 'deviceId', 'tags', 'customFields'];
      if (c.flags.overwrite_vm_role) updatable.push('roleId');
      if (c.flags.overwrite_vm_description) updatable.push('description');
      const key = (r: Obj) =>
        r.vmid === null || r.vmid === undefined || r.guestType === null
          ? `unmatched:${r.id ?? Math.random()}`
          : `${r.clusterId}:${r.vmid}:${r.guestType}`;
      const plan = await reconcile({ existing, desired, key, updatable });

      const methods = desired.map((d) =>
        plan.create.includes(d) ? 'CREATE' : plan.update.some((u) => key(u.existing) === key(d)) ? 'UPDATE' : 'GET',
      );
      expect(methods).toEqual(c.expected.methods.map((m) => (m === 'POST' ? 'CREATE' : m === 'PATCH' ? 'UPDATE' : m)));
      const patches = desired.map((d) => {
        const u = plan.update.find((x) => key(x.existing) === key(d));
        if (!u) return {};
        const { customFields, roleId, ...rest } = u.changes;
        return {
          ...rest,
          ...(customFields !== undefined ? { custom_fields: customFields } : {}),
          ...(roleId !== undefined ? { role: roleId } : {}),
        };
      });
      expect(patches).toEqual(c.expected.patch_payloads);
      if (c.expected.existing_ids) expect(plan.unchanged.map((r) => r.id)).toEqual(c.expected.existing_ids);
    });
  }
});
