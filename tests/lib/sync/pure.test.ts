import { describe, expect, it } from 'vitest';
import { reconcile } from '@/lib/sync/write/reconcile';
import { memoryMiB, readVmBasics, resolveNameClashes, vmStatus } from '@/lib/sync/map/vm';
import { readGuestAddresses, usableAddress } from '@/lib/sync/map/guest-addresses';
import { renamedByUser } from '@/lib/sync/stages/virtual-machines';
import { backupFormat, listingPlan, removableBackups } from '@/lib/sync/stages/vm-backups';
import { retention } from '@/lib/sync/stages/backup-routines';
import { interfaceType } from '@/lib/sync/stages/network-interfaces';
import { splitCidr } from '@/lib/sync/stages/ip-sources';
import type { GuestInfo, NodeInfo, StorageInfo } from '@/lib/sync/read/proxmox-data';
import { EndpointFetcher, type ProxmoxReader } from '@/lib/sync/read/fetch';

/** A reader answering fixed data per path, as the client would after unwrapping `data`. */
function readerOf(answers: Record<string, unknown>): ProxmoxReader {
  const get = async <T>(path: string, schema: { parse(v: unknown): T }) => schema.parse(answers[path]);
  return { requestCount: 0, get, getPage: async (path, schema) => ({ data: await get(path, schema), total: null }) };
}

describe('reconcile', () => {
  const key = (r: Record<string, unknown>) => String(r.vmid);
  it('splits creates, updates (changed updatable fields only), unchanged and removals', async () => {
    const existing = [
      { id: 1, vmid: 100, name: 'a', memory: 1024, note: 'x' },
      { id: 2, vmid: 101, name: 'b', memory: 2048, note: 'y' },
      { id: 3, vmid: 102, name: 'c', memory: 512, note: 'z' },
      { id: 4, vmid: 103, name: 'd', memory: 512, note: 'z' },
    ];
    const plan = await reconcile({
      existing,
      desired: [
        { vmid: 100, name: 'a', memory: '1024', note: 'changed' },
        { vmid: 101, name: 'b2', memory: 2048 },
        { vmid: 104, name: 'e' },
        { vmid: 104, name: 'dup' },
      ],
      key,
      updatable: ['name', 'memory'],
      protectedKeys: new Set(['102']),
    });
    expect(plan.create).toEqual([{ vmid: 104, name: 'e' }]);
    expect(plan.update).toEqual([{ existing: existing[1], changes: { name: 'b2' } }]);
    expect(plan.unchanged.map((r) => r.id).sort()).toEqual([1]);
    expect(plan.remove.map((r) => r.id)).toEqual([4]);
  });

  it('compares dates, JSON and numeric strings by value, and honours removable', async () => {
    const when = new Date('2026-01-01T00:00:00Z');
    const plan = await reconcile({
      existing: [
        { id: 1, k: 'a', at: when, raw: { b: 1, a: [1, 2] } },
        { id: 2, k: 'b', at: null, raw: {} },
      ],
      desired: [{ k: 'a', at: new Date(when.getTime()), raw: { a: [1, 2], b: 1 } }],
      key: (r) => String(r.k),
      updatable: ['at', 'raw'],
      removable: (r) => r.id !== 2,
    });
    expect(plan.update).toEqual([]);
    expect(plan.remove).toEqual([]);
    const later = new Date(when.getTime() + 1);
    const moved = await reconcile({
      existing: [{ id: 1, k: 'a', at: when }],
      desired: [{ k: 'a', at: later }],
      key: (r) => String(r.k),
      updatable: ['at'],
    });
    expect(moved.update).toEqual([{ existing: { id: 1, k: 'a', at: when }, changes: { at: later } }]);
  });
});

describe('guest mapping', () => {
  const guest: GuestInfo = {
    vmid: 100,
    type: 'qemu',
    node: 'pve1',
    name: 'web',
    status: 'running',
    template: false,
    maxCpu: 4,
    maxMem: 4294967296,
    tags: null,
    degraded: false,
  };
  it('maps status, memory forms and the VM facts of a config', () => {
    expect([vmStatus('running'), vmStatus('running', 'paused'), vmStatus('stopped'), vmStatus('unknown')]).toEqual([
      'active',
      'paused',
      'offline',
      'active',
    ]);
    expect([
      memoryMiB(2048),
      memoryMiB('2048'),
      memoryMiB('current=4096'),
      memoryMiB('4096,shares=5'),
      memoryMiB('x'),
      memoryMiB(undefined),
    ]).toEqual([2048, 2048, 4096, 4096, null, null]);
    expect(
      readVmBasics(guest, {
        name: 'web01',
        cores: '2',
        sockets: 2,
        memory: '8192',
        onboot: 1,
        agent: '1,fstrim_cloned_disks=1',
        searchdomain: 'example.com',
        tags: 'prod;web',
      }),
    ).toEqual({
      name: 'web01',
      vcpus: 4,
      memory: 8192,
      onboot: true,
      qemuAgent: true,
      unprivileged: null,
      searchDomain: 'example.com',
      tags: 'prod;web',
      cloudInit: null,
    });
    expect(
      readVmBasics({ ...guest, type: 'lxc' }, { hostname: 'ct1', cores: 2, memory: 512, unprivileged: 1 }),
    ).toEqual({
      name: 'ct1',
      vcpus: 2,
      memory: 512,
      onboot: false,
      qemuAgent: null,
      unprivileged: true,
      searchDomain: null,
      tags: null,
      cloudInit: null,
    });
    expect(readVmBasics(guest, { agent: 'enabled=0' }).qemuAgent).toBe(false);
    // Cloud-init: QEMU only; the password is never kept, only whether one is set.
    const ci = {
      ciuser: 'debian',
      cipassword: '**********',
      citype: 'nocloud',
      ciupgrade: 0,
      cicustom: 'user=local:snippets/u.yaml',
      nameserver: '1.1.1.1 9.9.9.9',
      searchdomain: 'lab.example',
      sshkeys: encodeURIComponent('ssh-ed25519 AAAA a@b\nssh-rsa BBBB c@d\n'),
      ipconfig1: 'ip=dhcp,ip6=auto',
      ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1',
      ipconfig2: 'ip=not-an-ip',
    };
    expect(readVmBasics(guest, ci).cloudInit).toEqual({
      user: 'debian',
      type: 'nocloud',
      passwordSet: true,
      upgrade: false,
      custom: 'user=local:snippets/u.yaml',
      nameservers: ['1.1.1.1', '9.9.9.9'],
      searchDomain: 'lab.example',
      sshKeys: 2,
      ipConfig: {
        net0: { ip: '10.0.0.5/24', gw: '10.0.0.1' },
        net1: { ip: 'dhcp', ip6: 'auto' },
        net2: 'ip=not-an-ip',
      },
    });
    expect(readVmBasics({ ...guest, type: 'lxc' }, ci).cloudInit).toBeNull();
    expect(readVmBasics(guest, { searchdomain: 'lab.example' }).cloudInit).toBeNull();
    expect(readVmBasics(guest, {}).memory).toBe(4096);
  });

  it('resolves name clashes deterministically by vmid and tells user renames from suffixes', () => {
    const resolved = resolveNameClashes(
      [
        { vmid: 120, name: 'web' },
        { vmid: 101, name: 'Web' },
        { vmid: 130, name: 'web' },
        { vmid: 140, name: 'db' },
      ],
      new Set(['db']),
    );
    expect(resolved.map((r) => [r.item.vmid, r.name, r.suffix])).toEqual([
      [101, 'Web', 1],
      [120, 'web (2)', 2],
      [130, 'web (3)', 3],
      [140, 'db (2)', 2],
    ]);
    expect(renamedByUser({ name: 'web (2)', proxmoxName: 'web' })).toBe(false);
    expect(renamedByUser({ name: 'web', proxmoxName: 'web' })).toBe(false);
    expect(renamedByUser({ name: 'frontend', proxmoxName: 'web' })).toBe(true);
    expect(renamedByUser({ name: 'x', proxmoxName: null })).toBe(false);
  });

  it('reads guest-agent and LXC interface shapes, and filters unusable addresses', () => {
    const agent = {
      result: [
        {
          name: 'lo',
          'hardware-address': '00:00:00:00:00:00',
          'ip-addresses': [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 }],
        },
        {
          name: 'ens18',
          'hardware-address': 'bc:24:11:aa:bb:cc',
          'ip-addresses': [
            { 'ip-address': '10.0.0.5', 'ip-address-type': 'ipv4', prefix: 24 },
            { 'ip-address': 'fe80::1', 'ip-address-type': 'ipv6', prefix: 64 },
          ],
        },
        { name: 'nomacorip' },
      ],
    };
    expect(readGuestAddresses('qemu', agent)).toEqual([
      { name: 'lo', mac: '00:00:00:00:00:00', addresses: [{ address: '127.0.0.1', prefix: 8, family: 4 }] },
      {
        name: 'ens18',
        mac: 'BC:24:11:AA:BB:CC',
        addresses: [
          { address: '10.0.0.5', prefix: 24, family: 4 },
          { address: 'fe80::1', prefix: 64, family: 6 },
        ],
      },
      { name: 'nomacorip', mac: null, addresses: [] },
    ]);
    expect(readGuestAddresses('qemu', { result: { error: { class: 'Unsupported' } } })).toEqual([]);
    expect(readGuestAddresses('lxc', [{ name: 'eth0', hwaddr: 'bc:24:11:89:67:07', inet: '192.168.3.95/22' }])).toEqual(
      [{ name: 'eth0', mac: 'BC:24:11:89:67:07', addresses: [{ address: '192.168.3.95', prefix: 22, family: 4 }] }],
    );
    expect(readGuestAddresses('lxc', null)).toEqual([]);
    expect([
      usableAddress({ address: '127.0.0.1', family: 4 }, false),
      usableAddress({ address: 'fe80::1', family: 6 }, false),
      usableAddress({ address: 'fe80::1', family: 6 }, true),
      usableAddress({ address: '10.1.1.1', family: 4 }, false),
    ]).toEqual([false, false, true, true]);
  });
});

describe('stage mappings', () => {
  it('maps backup formats, retention, interface types and CIDRs', () => {
    expect(
      ['pbs-vm', 'vma.zst', 'tar.zst', 'tzst', 'vma.gz', 'tgz', 'tar', 'vma.lzo', 'qcow2'].map(backupFormat),
    ).toEqual(['pbs-vm', 'zst', 'zst', 'tzst', 'tgz', 'tgz', 'tar', 'undefined', 'qcow2']);
    expect(retention('keep-last=3,keep-daily=7')).toEqual({
      keepLast: 3,
      keepDaily: 7,
      keepWeekly: null,
      keepMonthly: null,
      keepYearly: null,
      keepAll: false,
    });
    expect(retention(undefined)).toEqual({
      keepLast: null,
      keepDaily: null,
      keepWeekly: null,
      keepMonthly: null,
      keepYearly: null,
      keepAll: null,
    });
    expect(['bridge', 'OVSBridge', 'bond', 'vlan', 'eth', 'loopback'].map(interfaceType)).toEqual([
      'bridge',
      'bridge',
      'lag',
      'virtual',
      'other',
      'loopback',
    ]);
    expect([splitCidr('10.0.0.5/24'), splitCidr('2001:DB8::1/64'), splitCidr('dhcp'), splitCidr(null)]).toEqual([
      { host: '10.0.0.5', prefix: 24, family: 4 },
      { host: '2001:db8::1', prefix: 64, family: 6 },
      null,
      null,
    ]);
  });

  it('lists a shared backup storage once, a local one on every allowed node', () => {
    const nodes: NodeInfo[] = ['pve1', 'pve2', 'pve3'].map((name, i) => ({
      name,
      nodeId: i + 1,
      ip: null,
      online: name !== 'pve1',
      local: false,
      level: '',
      cpu: null,
      maxCpu: null,
      memory: null,
      maxMemory: null,
      sslFingerprint: '',
    }));
    const storage = (name: string, shared: boolean, content: string, nodesList: string | null = null): StorageInfo => ({
      name,
      type: 'dir',
      content,
      shared,
      enabled: true,
      nodes: nodesList,
      config: { storage: name, type: 'dir' },
      raw: {},
    });
    expect(
      listingPlan(
        [
          storage('pbs', true, 'backup'),
          storage('local', false, 'backup,iso', 'pve1,pve3'),
          storage('lvm', false, 'images'),
        ],
        nodes,
      ),
    ).toEqual([
      { storage: 'pbs', node: 'pve2', online: true, shared: true },
      { storage: 'local', node: 'pve1', online: false, shared: false },
      { storage: 'local', node: 'pve3', online: true, shared: false },
    ]);
  });

  it('decides backup deletions per listing that succeeded: a local storage is one storage per node', () => {
    const removable = removableBackups([
      { storage: 'pbs', node: 'pve2', shared: true, ok: true },
      { storage: 'nfs', node: 'pve2', shared: true, ok: false },
      { storage: 'local', node: 'pve1', shared: false, ok: false },
      { storage: 'local', node: 'pve3', shared: false, ok: true },
    ]);
    expect(removable({ storage: 'pbs', node: null })).toBe(true);
    expect(removable({ storage: 'nfs', node: null })).toBe(false);
    expect(removable({ storage: 'local', node: 'pve3' })).toBe(true);
    expect(removable({ storage: 'local', node: 'pve1' })).toBe(false);
    // A node that is not in the plan (left the storage's node list) decides nothing.
    expect(removable({ storage: 'local', node: 'pve9' })).toBe(false);
    // A row stored before its node was known: only when every node's listing succeeded.
    expect(removable({ storage: 'local', node: null })).toBe(false);
    expect(
      removableBackups([{ storage: 'local', node: 'pve1', shared: false, ok: true }])({ storage: 'local', node: null }),
    ).toBe(true);
    // A storage not listed this run (no longer holds backups) is not decided either.
    expect(removable({ storage: 'gone', node: null })).toBe(false);
  });
});

describe('fetcher tolerance', () => {
  it('keeps an item with an unreadable optional key (as if absent), drops one without its identity, ignores unknown keys', async () => {
    const fetcher = new EndpointFetcher(
      readerOf({
        '/cluster/resources': [
          {
            type: 'qemu',
            vmid: '100',
            node: 'pve1',
            name: 'web',
            status: 'running',
            maxmem: 'n/a',
            maxcpu: '2',
            template: 0,
            future: { x: 1 },
          },
          { type: 'lxc', vmid: 101, node: 'pve1', status: 'unknown' },
          { type: 'qemu', node: 'pve1', name: 'no-vmid', status: 'running' },
          { type: 'qemu', vmid: 102, name: 'no-node', status: 'running' },
          { type: 'storage', storage: 'local', node: 'pve1' },
          'garbage',
        ],
        '/storage': [
          {
            storage: 'pbs',
            type: 'pbs',
            shared: '1',
            port: '8007',
            'prune-backups': 'keep-last=3',
            disable: 'maybe',
            digest: 'abc',
          },
          { type: 'dir' },
        ],
      }),
    );
    const guests = await fetcher.guests();
    expect(guests).toEqual({
      ok: true,
      value: [
        {
          vmid: 100,
          type: 'qemu',
          node: 'pve1',
          name: 'web',
          status: 'running',
          template: false,
          maxCpu: 2,
          maxMem: null,
          tags: null,
          degraded: false,
        },
        {
          vmid: 101,
          type: 'lxc',
          node: 'pve1',
          name: null,
          status: 'unknown',
          template: false,
          maxCpu: null,
          maxMem: null,
          tags: null,
          degraded: true,
        },
      ],
    });
    const storages = await fetcher.storages();
    expect(
      storages.ok &&
        storages.value.map(({ name, shared, enabled, config }) => ({
          name,
          shared,
          enabled,
          port: config.port,
          prune: config['prune-backups'],
        })),
    ).toEqual([{ name: 'pbs', shared: true, enabled: true, port: 8007, prune: 'keep-last=3' }]);
  });

  it('reads a config that is not an object as empty, and VM facts with odd values as absent', async () => {
    const fetcher = new EndpointFetcher(readerOf({ '/nodes/pve1/qemu/100/config': 'nonsense' }));
    expect(await fetcher.config({ node: 'pve1', type: 'qemu', vmid: 100 })).toEqual({ ok: true, value: {} });
    const guest: GuestInfo = {
      vmid: 100,
      type: 'qemu',
      node: 'pve1',
      name: 'web',
      status: 'running',
      template: false,
      maxCpu: 4,
      maxMem: null,
      tags: null,
      degraded: false,
    };
    expect(readVmBasics(guest, { cores: 'many', sockets: '2', onboot: 'perhaps', name: 'db' })).toMatchObject({
      name: 'db',
      vcpus: 2,
      onboot: false,
    });
  });
});
