// The schema validator itself: it must reject what Proxmox would not send, or the schema test proves nothing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { perlPattern, validateApidoc, type ApidocSchema } from './apidoc-schema';
import { FIXTURES } from './http-client';

const endpoints = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'api-schema-subset.json'), 'utf8')).endpoints;
const returns = (p: string): ApidocSchema => endpoints[p].methods.GET.returns;
const qemuConfig = returns('/nodes/{node}/qemu/{vmid}/config');

describe('apidoc validator', () => {
  it('accepts a real PVE 8.2+ config (fixture proxbox-issue-144, numa coerced back to 0)', () => {
    const doc = JSON.parse(
      fs.readFileSync(path.join(FIXTURES, 'responses/nodes_{node}_qemu_{vmid}_config.json'), 'utf8'),
    );
    const sample = doc.samples.find((s: { id: string }) => s.id === 'proxbox-issue-144-uefi-config');
    expect(validateApidoc({ ...sample.body.data, numa: 0 }, qemuConfig)).toEqual([]);
  });

  it('checks property strings key by key, with keyAlias NIC models and typed values', () => {
    const base = { digest: 'x' };
    expect(
      validateApidoc({ ...base, net0: 'virtio=BC:24:11:2E:C5:4A,bridge=vmbr0,firewall=1,tag=20' }, qemuConfig),
    ).toEqual([]);
    expect(validateApidoc({ ...base, net0: 'virtio=BC:24:11:2E:C5:4A,bridge=vmbr0,colour=red' }, qemuConfig)).toEqual([
      "net0: unknown key 'colour'",
    ]);
    expect(validateApidoc({ ...base, net1: 'virtio=BC:24:11:2E:C5:4A,tag=twenty' }, qemuConfig)).toEqual([
      'net1: tag=twenty: not an integer',
    ]);
    expect(validateApidoc({ ...base, net0: 'bridge=vmbr0' }, qemuConfig)).toEqual([
      "net0: required key 'model' missing",
    ]);
    expect(validateApidoc({ ...base, scsi0: 'local-lvm:vm-1-disk-0,size=32GB' }, qemuConfig)).toEqual([
      'scsi0: size=32GB: not a disk-size',
    ]);
    expect(validateApidoc({ ...base, agent: '1,fstrim_cloned_disks=maybe' }, qemuConfig)).toEqual([
      'agent: fstrim_cloned_disks=maybe: not a boolean',
    ]);
  });

  it('rejects wrong scalar types, JSON booleans, missing required keys and enum misses', () => {
    expect(validateApidoc({ digest: 'x', cores: '2' }, qemuConfig)).toEqual(['cores: expected integer, got "2"']);
    expect(validateApidoc({ digest: 'x', onboot: true }, qemuConfig)).toEqual(['onboot: expected boolean, got true']);
    expect(validateApidoc({ cores: 2 }, qemuConfig)).toEqual(['digest: required property missing']);
    expect(validateApidoc([{ vmid: 100, status: 'paused' }], returns('/nodes/{node}/qemu'))).toEqual([
      '[].status: "paused" not in enum stopped|running',
    ]);
    expect(validateApidoc([{ vmid: 99, status: 'running' }], returns('/nodes/{node}/qemu'))).toEqual([
      '[].vmid: 99 < minimum 100',
    ]);
  });

  it('anchors Perl patterns and understands (?^:…)', () => {
    expect(perlPattern('(?^:\\d+(?:-\\d+)?)').test('10-20')).toBe(true);
    expect(perlPattern('[0-9a-fA-F]{8,64}').test('xx0f39f621')).toBe(false);
    expect(validateApidoc({ version: '7.4-16', release: '7.4', repoid: 'nothex!!' }, returns('/version'))).toEqual([
      'repoid: "nothex!!" does not match /[0-9a-fA-F]{8,64}/',
    ]);
  });

  it('lets documented exceptions through only where allowed', () => {
    const allow = (at: string, v: unknown) => at === '[].vmid' && typeof v === 'string';
    expect(validateApidoc([{ vmid: '100', status: 'running' }], returns('/nodes/{node}/lxc'), allow)).toEqual([]);
    expect(validateApidoc([{ vmid: '100', status: 'running' }], returns('/nodes/{node}/lxc'))).toHaveLength(1);
  });
});
