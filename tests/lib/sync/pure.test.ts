import { describe, expect, it } from 'vitest';
import { reconcile } from '@/lib/sync/reconcile';
import { memoryMiB, readVmBasics, resolveNameClashes, vmStatus } from '@/lib/sync/map/vm';
import { readGuestAddresses, usableAddress } from '@/lib/sync/map/guest-addresses';
import { renamedByUser } from '@/lib/sync/stages/virtual-machines';
import { backupFormat, listingPlan } from '@/lib/sync/stages/vm-backups';
import { retention } from '@/lib/sync/stages/backup-routines';
import { interfaceType } from '@/lib/sync/stages/network-interfaces';
import { splitCidr } from '@/lib/sync/stages/ip-sources';
import type { GuestInfo, NodeInfo, StorageInfo } from '@/lib/sync/proxmox-data';

describe('reconcile', () => {
  const key = (r: Record<string, unknown>) => String(r.vmid);
  it('splits creates, updates (changed updatable fields only), unchanged and removals', () => {
    const existing = [
      { id: 1, vmid: 100, name: 'a', memory: 1024, note: 'x' },
      { id: 2, vmid: 101, name: 'b', memory: 2048, note: 'y' },
      { id: 3, vmid: 102, name: 'c', memory: 512, note: 'z' },
      { id: 4, vmid: 103, name: 'd', memory: 512, note: 'z' },
    ];
    const plan = reconcile({
      existing,
      desired: [{ vmid: 100, name: 'a', memory: '1024', note: 'changed' }, { vmid: 101, name: 'b2', memory: 2048 }, { vmid: 104, name: 'e' }, { vmid: 104, name: 'dup' }],
      key,
      updatable: ['name', 'memory'],
      protectedKeys: new Set(['102']),
    });
    expect(plan.create).toEqual([{ vmid: 104, name: 'e' }]);
    expect(plan.update).toEqual([{ existing: existing[1], changes: { name: 'b2' } }]);
    expect(plan.unchanged.map((r) => r.id).sort()).toEqual([1]);
    expect(plan.remove.map((r) => r.id)).toEqual([4]);
  });

  it('compares dates, JSON and numeric strings by value, and honours removable', () => {
    const when = new Date('2026-01-01T00:00:00Z');
    const plan = reconcile({
      existing: [{ id: 1, k: 'a', at: when, raw: { b: 1, a: [1, 2] } }, { id: 2, k: 'b', at: null, raw: {} }],
      desired: [{ k: 'a', at: new Date(when.getTime()), raw: { a: [1, 2], b: 1 } }],
      key: (r) => String(r.k),
      updatable: ['at', 'raw'],
      removable: (r) => r.id !== 2,
    });
    expect(plan.update).toEqual([]);
    expect(plan.remove).toEqual([]);
  });
});

describe('guest mapping', () => {
  const guest: GuestInfo = { vmid: 100, type: 'qemu', node: 'pve1', name: 'web', status: 'running', template: false, maxCpu: 4, maxMem: 4294967296, tags: null, degraded: false };
  it('maps status, memory forms and the VM facts of a config', () => {
    expect([vmStatus('running'), vmStatus('running', 'paused'), vmStatus('stopped'), vmStatus('unknown')]).toEqual(['active', 'paused', 'offline', 'active']);
    expect([memoryMiB(2048), memoryMiB('2048'), memoryMiB('current=4096'), memoryMiB('4096,shares=5'), memoryMiB('x'), memoryMiB(undefined)]).toEqual([2048, 2048, 4096, 4096, null, null]);
    expect(readVmBasics(guest, { name: 'web01', cores: '2', sockets: 2, memory: '8192', onboot: 1, agent: '1,fstrim_cloned_disks=1', searchdomain: 'example.com', tags: 'prod;web' })).toEqual({
      name: 'web01', vcpus: 4, memory: 8192, onboot: true, qemuAgent: true, unprivileged: null, searchDomain: 'example.com', tags: 'prod;web',
    });
    expect(readVmBasics({ ...guest, type: 'lxc' }, { hostname: 'ct1', cores: 2, memory: 512, unprivileged: 1 })).toEqual({
      name: 'ct1', vcpus: 2, memory: 512, onboot: false, qemuAgent: null, unprivileged: true, searchDomain: null, tags: null,
    });
    expect(readVmBasics(guest, { agent: 'enabled=0' }).qemuAgent).toBe(false);
    expect(readVmBasics(guest, {}).memory).toBe(4096);
  });

  it('resolves name clashes deterministically by vmid and tells user renames from suffixes', () => {
    const resolved = resolveNameClashes([{ vmid: 120, name: 'web' }, { vmid: 101, name: 'Web' }, { vmid: 130, name: 'web' }, { vmid: 140, name: 'db' }], new Set(['db']));
    expect(resolved.map((r) => [r.item.vmid, r.name, r.suffix])).toEqual([[101, 'Web', 1], [120, 'web (2)', 2], [130, 'web (3)', 3], [140, 'db (2)', 2]]);
    expect(renamedByUser({ name: 'web (2)', proxmoxName: 'web' })).toBe(false);
    expect(renamedByUser({ name: 'web', proxmoxName: 'web' })).toBe(false);
    expect(renamedByUser({ name: 'frontend', proxmoxName: 'web' })).toBe(true);
    expect(renamedByUser({ name: 'x', proxmoxName: null })).toBe(false);
  });

  it('reads guest-agent and LXC interface shapes, and filters unusable addresses', () => {
    const agent = { result: [
      { name: 'lo', 'hardware-address': '00:00:00:00:00:00', 'ip-addresses': [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 }] },
      { name: 'ens18', 'hardware-address': 'bc:24:11:aa:bb:cc', 'ip-addresses': [{ 'ip-address': '10.0.0.5', 'ip-address-type': 'ipv4', prefix: 24 }, { 'ip-address': 'fe80::1', 'ip-address-type': 'ipv6', prefix: 64 }] },
      { name: 'nomacorip' },
    ] };
    expect(readGuestAddresses('qemu', agent)).toEqual([
      { name: 'lo', mac: '00:00:00:00:00:00', addresses: [{ address: '127.0.0.1', prefix: 8, family: 4 }] },
      { name: 'ens18', mac: 'BC:24:11:AA:BB:CC', addresses: [{ address: '10.0.0.5', prefix: 24, family: 4 }, { address: 'fe80::1', prefix: 64, family: 6 }] },
      { name: 'nomacorip', mac: null, addresses: [] },
    ]);
    expect(readGuestAddresses('qemu', { result: { error: { class: 'Unsupported' } } })).toEqual([]);
    expect(readGuestAddresses('lxc', [{ name: 'eth0', hwaddr: 'bc:24:11:89:67:07', inet: '192.168.3.95/22' }])).toEqual([{ name: 'eth0', mac: 'BC:24:11:89:67:07', addresses: [{ address: '192.168.3.95', prefix: 22, family: 4 }] }]);
    expect(readGuestAddresses('lxc', null)).toEqual([]);
    expect([usableAddress({ address: '127.0.0.1', family: 4 }, false), usableAddress({ address: 'fe80::1', family: 6 }, false), usableAddress({ address: 'fe80::1', family: 6 }, true), usableAddress({ address: '10.1.1.1', family: 4 }, false)]).toEqual([false, false, true, true]);
  });
});

describe('stage mappings', () => {
  it('maps backup formats, retention, interface types and CIDRs', () => {
    expect(['pbs-vm', 'vma.zst', 'tar.zst', 'tzst', 'vma.gz', 'tgz', 'tar', 'vma.lzo', 'qcow2'].map(backupFormat)).toEqual(['pbs-vm', 'zst', 'zst', 'tzst', 'tgz', 'tgz', 'tar', 'undefined', 'qcow2']);
    expect(retention('keep-last=3,keep-daily=7')).toEqual({ keepLast: 3, keepDaily: 7, keepWeekly: null, keepMonthly: null, keepYearly: null, keepAll: false });
    expect(retention(undefined)).toEqual({ keepLast: null, keepDaily: null, keepWeekly: null, keepMonthly: null, keepYearly: null, keepAll: null });
    expect(['bridge', 'OVSBridge', 'bond', 'vlan', 'eth', 'loopback'].map(interfaceType)).toEqual(['bridge', 'bridge', 'lag', 'virtual', 'other', 'loopback']);
    expect([splitCidr('10.0.0.5/24'), splitCidr('2001:DB8::1/64'), splitCidr('dhcp'), splitCidr(null)]).toEqual([{ host: '10.0.0.5', prefix: 24, family: 4 }, { host: '2001:db8::1', prefix: 64, family: 6 }, null, null]);
  });

  it('lists a shared backup storage once, a local one on every allowed node', () => {
    const nodes: NodeInfo[] = ['pve1', 'pve2', 'pve3'].map((name, i) => ({ name, nodeId: i + 1, ip: null, online: name !== 'pve1', local: false, level: '', cpu: null, maxCpu: null, memory: null, maxMemory: null, sslFingerprint: '' }));
    const storage = (name: string, shared: boolean, content: string, nodesList: string | null = null): StorageInfo => ({ name, type: 'dir', content, shared, enabled: true, nodes: nodesList, raw: {} });
    expect(listingPlan([storage('pbs', true, 'backup'), storage('local', false, 'backup,iso', 'pve1,pve3'), storage('lvm', false, 'images')], nodes)).toEqual([
      { storage: 'pbs', node: 'pve2', online: true },
      { storage: 'local', node: 'pve1', online: false },
      { storage: 'local', node: 'pve3', online: true },
    ]);
  });
});
