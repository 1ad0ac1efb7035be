// Tolerant parsing rules (docs/design-decisions.md) and the shapes read from Proxmox's Perl source
// for endpoints without a public capture.
import { describe, expect, it } from 'vitest';
import * as s from '@/lib/proxmox/schemas';

describe('primitives', () => {
  it('reads 0/1, true/false and their string forms as booleans', () => {
    for (const v of [1, '1', true, 'true', 'on', 'yes', 'YES']) expect(s.pveBool.parse(v)).toBe(true);
    for (const v of [0, '0', false, 'false', 'off', 'no']) expect(s.pveBool.parse(v)).toBe(false);
    expect(s.pveBool.safeParse('maybe').success).toBe(false);
  });

  it('reads numeric strings as numbers and rejects other strings', () => {
    expect(s.pveNum.parse('2048')).toBe(2048);
    expect(s.pveNum.parse(' 3400.000 ')).toBe(3400);
    expect(s.pveNum.safeParse('4G').success).toBe(false);
    expect(s.optNum.parse('')).toBeUndefined();
    expect(s.optNum.parse(null)).toBeUndefined();
    expect(s.pveStr.parse(100)).toBe('100');
  });
});

describe('endpoint schemas', () => {
  it('cluster status: standalone node without a cluster entry, and unknown entry types', () => {
    const standalone = s.pveClusterStatusSchema.parse([
      { type: 'node', id: 'node/pve', name: 'pve', nodeid: 0, ip: '10.0.0.5', online: 1, local: 1, level: '' },
    ]);
    expect(standalone).toEqual([
      { type: 'node', id: 'node/pve', name: 'pve', nodeid: 0, ip: '10.0.0.5', online: true, local: true, level: '' },
    ]);
    const [entry] = s.pveClusterStatusSchema.parse([{ type: 'qdevice', id: 'qdevice', votes: 1 }]);
    expect(entry).toMatchObject({ type: 'other', originalType: 'qdevice', votes: 1 });
  });

  it('cluster resources: offline-node guests, pools, PVE 9 network entries and unknown types are kept', () => {
    const list = s.pveClusterResourcesSchema.parse([
      { id: 'qemu/105', vmid: 105, node: 'pve2', type: 'qemu', status: 'unknown', tags: 'prod' },
      { id: '/pool/dev', type: 'pool', pool: 'dev' },
      { id: 'network/pve1/zone/localnetwork', type: 'network', node: 'pve1', network: 'localnetwork', status: 'ok' },
      { id: 'openvz/200', type: 'openvz', vmid: 200 },
      {
        id: 'lxc/101',
        type: 'lxc',
        vmid: '101',
        node: 'pve1',
        status: 'running',
        template: '0',
        maxmem: '536870912',
        extra: 'kept',
      },
    ]);
    expect(list.map((r) => r.type)).toEqual(['qemu', 'pool', 'network', 'other', 'lxc']);
    const [guest, , , other, lxc] = list;
    expect(guest.type === 'qemu' && guest.name).toBeUndefined();
    expect(other).toMatchObject({ originalType: 'openvz', vmid: 200 });
    expect(lxc).toMatchObject({ vmid: 101, template: false, maxmem: 536870912, extra: 'kept' });
    expect(
      s.pveClusterResourcesSchema.safeParse([{ id: 'qemu/1', type: 'qemu', node: 'x', status: 'running' }]).success,
    ).toBe(false);
  });

  it('network: null exists, string numbers, netmask kept as text', () => {
    const [iface] = s.pveNetworkInterfaceListSchema.parse([
      {
        iface: 'vmbr0.2',
        type: 'vlan',
        exists: null,
        netmask: '255.255.255.0',
        'vlan-id': '2',
        mtu: '1500',
        bridge_vlan_aware: 1,
      },
    ]);
    expect(iface).toMatchObject({
      exists: undefined,
      netmask: '255.255.255.0',
      'vlan-id': 2,
      mtu: 1500,
      bridge_vlan_aware: true,
    });
  });

  it('node status: loadavg, mhz and hvm strings', () => {
    const status = s.pveNodeStatusSchema.parse({
      loadavg: ['0.10', '0.20', '1.50'],
      cpuinfo: { mhz: '3400.000', hvm: '1', cpus: 8 },
    });
    expect(status.loadavg).toEqual([0.1, 0.2, 1.5]);
    expect(status.cpuinfo).toMatchObject({ mhz: 3400, hvm: true, cpus: 8 });
  });

  it('guest config keeps values as sent and rejects non-objects', () => {
    const config = { memory: '3072', numa: false, cores: 2, lxc: [['lxc.mount.entry', '/dev/dri dev/dri none bind']] };
    expect(s.pveGuestConfigSchema.parse(config)).toEqual(config);
    expect(s.pveGuestConfigSchema.safeParse([]).success).toBe(false);
  });

  it('qemu snapshots with the current pseudo-entry (derived)', () => {
    const list = s.pveSnapshotListSchema.parse([
      { name: 'pre-upgrade', snaptime: 1714471200, vmstate: 0, description: 'before apt full-upgrade' },
      { name: 'with-ram', snaptime: 1714557600, vmstate: 1, description: '', parent: 'pre-upgrade' },
      {
        name: 'current',
        digest: 'b1946ac92492d2347c6235b4d2611184f1d5a1c3',
        running: 1,
        description: 'You are here!',
        parent: 'with-ram',
      },
    ]);
    const current = list.find((snap) => snap.name === s.CURRENT_SNAPSHOT);
    expect(current).toMatchObject({ running: true, digest: 'b1946ac92492d2347c6235b4d2611184f1d5a1c3' });
    expect(current?.snaptime).toBeUndefined();
    expect(list[1].vmstate).toBe(true);
  });

  it('agent interfaces: unwrapped, with mac and normalised addresses', () => {
    const list = s.pveAgentNetworkInterfacesSchema.parse({
      result: [
        {
          name: 'eth0',
          'hardware-address': 'bc:24:11:00:00:01',
          'ip-addresses': [
            { 'ip-address': '10.0.0.2', 'ip-address-type': 'ipv4', prefix: 24 },
            { 'ip-address': 'fe80::1', 'ip-address-type': 'ipv6', prefix: 64 },
          ],
        },
        { name: 'nomacorip' },
      ],
    });
    expect(list[0].addresses).toEqual([
      { address: '10.0.0.2', prefix: 24, family: 'inet' },
      { address: 'fe80::1', prefix: 64, family: 'inet6' },
    ]);
    expect(list[1]).toMatchObject({ mac: null, addresses: [] });
  });

  it('lxc interfaces: PVE ≥ 8.4 ip-addresses, legacy inet/inet6, and null when stopped', () => {
    const modern = s.pveLxcInterfacesSchema.parse([
      {
        name: 'eth0',
        hwaddr: 'bc:24:11:89:67:07',
        'hardware-address': 'bc:24:11:89:67:07',
        inet: '192.168.3.95/22',
        'ip-addresses': [
          { 'ip-address': '192.168.3.95', 'ip-address-type': 'inet', prefix: 22 },
          { 'ip-address': '192.168.3.96', 'ip-address-type': 'inet', prefix: 22 },
        ],
      },
    ]);
    expect(modern?.[0].addresses).toHaveLength(2);
    const legacy = s.pveLxcInterfacesSchema.parse([
      { name: 'eth0', hwaddr: 'bc:24:11:89:67:07', inet: '192.168.3.95/22', inet6: 'fe80::be24:11ff:fe89:6707/64' },
    ]);
    expect(legacy?.[0]).toMatchObject({
      mac: 'bc:24:11:89:67:07',
      addresses: [
        { address: '192.168.3.95', prefix: 22, family: 'inet' },
        { address: 'fe80::be24:11ff:fe89:6707', prefix: 64, family: 'inet6' },
      ],
    });
    expect(s.pveLxcInterfacesSchema.parse(null)).toBeNull();
  });

  it('node storage, dir backups and cluster tasks (derived)', () => {
    const [storage] = s.pveNodeStorageListSchema.parse([
      {
        storage: 'local',
        type: 'dir',
        content: 'backup,iso,vztmpl',
        active: 1,
        enabled: 1,
        shared: 0,
        total: 100861726720,
        used: 9874518016,
        avail: 85816840192,
        used_fraction: 0.0979,
      },
    ]);
    expect(storage).toMatchObject({ active: true, shared: false, used_fraction: 0.0979 });
    const [backup] = s.pveStorageContentListSchema.parse([
      {
        volid: 'local:backup/vzdump-lxc-101-2024_05_01-01_03_12.tar.zst',
        content: 'backup',
        format: 'tar.zst',
        subtype: 'lxc',
        vmid: 101,
        ctime: 1714525392,
        size: 402653184,
        protected: 1,
      },
    ]);
    expect(backup.protected).toBe(true);
    const tasks = s.pveClusterTaskListSchema.parse([
      {
        upid: 'UPID:pve1:000A1B2C:05F5E100:66329E60:vzdump::root@pam:',
        node: 'pve1',
        starttime: 1714593376,
        type: 'vzdump',
        id: '',
        user: 'root@pam',
        endtime: 1714593512,
        status: 'OK',
        saved: '1',
      },
      {
        upid: 'UPID:pve2:0003C4D5:05F60000:66329F10:qmstart:105:root@pam!proxbox:',
        node: 'pve2',
        pid: 246997,
        pstart: 100007936,
        starttime: 1714593552,
        type: 'qmstart',
        id: '105',
        user: 'root@pam',
        tokenid: 'proxbox',
        saved: '0',
      },
    ]);
    expect(tasks.map((t) => t.saved)).toEqual([true, false]);
  });

  it('replication jobs and their node state (derived)', () => {
    const [state] = s.pveReplicationStateListSchema.parse([
      {
        id: '100-0',
        type: 'local',
        guest: 100,
        jobnum: 0,
        target: 'pve2',
        schedule: '*/15',
        source: 'pve1',
        vmtype: 'qemu',
        last_sync: 1714593600,
        last_try: 1714593600,
        next_sync: 1714594500,
        fail_count: 0,
        duration: 3.41213,
      },
    ]);
    expect(state).toMatchObject({ guest: 100, fail_count: 0, duration: 3.41213 });
    expect(state.error).toBeUndefined();
    const [job] = s.pveReplicationJobListSchema.parse([
      { id: '101-1', type: 'local', guest: 101, jobnum: 1, target: 'pve3', disable: 1, rate: 50 },
    ]);
    expect(job.disable).toBe(true);
  });

  it('backup jobs: a numified single vmid becomes text like the comma list', () => {
    const [job] = s.pveBackupJobListSchema.parse([
      {
        id: 'backup-1a2b3c4d-5e6f',
        type: 'vzdump',
        vmid: 100,
        enabled: '1',
        compress: 'zstd',
        'prune-backups': 'keep-last=3',
      },
    ]);
    expect(job).toMatchObject({ vmid: '100', enabled: true, compress: 'zstd' });
  });
});
