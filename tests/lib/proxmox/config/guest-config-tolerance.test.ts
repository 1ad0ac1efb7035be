import { describe, expect, it } from 'vitest';
import { parseGuestConfig } from '@/lib/proxmox/config';

describe('parseGuestConfig tolerance', () => {
  it('accepts numbers as strings, true/false, current= memory and cloud-init ipconfig', () => {
    const parsed = parseGuestConfig('qemu', {
      name: 'web01',
      memory: 'current=2048',
      cores: '4',
      sockets: 2,
      vcpus: '6',
      onboot: true,
      numa: false,
      agent: 'enabled=1,type=isa',
      net1: 'e1000=BC:24:11:00:00:01,bridge=vmbr1',
      net0: 'virtio=BC:24:11:00:00:00,bridge=vmbr0,tag=20',
      ipconfig1: 'ip=dhcp',
      ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1,ip6=auto',
      searchdomain: 'example.com',
      nameserver: '10.0.0.53',
      digest: 'abc',
      lxc: [['lxc.mount.entry', 'x']],
    });
    expect(parsed.errors).toEqual([]);
    const { memoryMiB, cores, sockets, vcpus, onboot } = parsed;
    expect({ memoryMiB, cores, sockets, vcpus, onboot }).toEqual({
      memoryMiB: 2048,
      cores: 4,
      sockets: 2,
      vcpus: 6,
      onboot: true,
    });
    expect(parsed.agent).toEqual({ enabled: true, type: 'isa' });
    expect(parsed.nics.map((nic) => [nic.key, nic.index, nic.macAddress])).toEqual([
      ['net0', 0, 'BC:24:11:00:00:00'],
      ['net1', 1, 'BC:24:11:00:00:01'],
    ]);
    expect(parsed.ipConfigs).toStrictEqual([
      { key: 'ipconfig0', index: 0, ip: '10.0.0.5/24', gw: '10.0.0.1', ip6: 'auto' },
      { key: 'ipconfig1', index: 1, ip: 'dhcp' },
    ]);
    expect([parsed.searchdomain, parsed.nameserver]).toEqual(['example.com', '10.0.0.53']);
  });

  it('applies PVE defaults for absent keys', () => {
    const qemu = parseGuestConfig('qemu', {});
    expect([qemu.name, qemu.memoryMiB, qemu.cores, qemu.sockets, qemu.onboot, qemu.agent, qemu.tags]).toEqual([
      null,
      512,
      1,
      1,
      false,
      { enabled: false },
      [],
    ]);
    const lxc = parseGuestConfig('lxc', { unprivileged: 1 });
    expect([lxc.memoryMiB, lxc.cores, lxc.sockets, lxc.agent, lxc.unprivileged]).toEqual([512, null, null, null, true]);
  });

  it('lists every bad entry in errors and still returns the rest', () => {
    const parsed = parseGuestConfig('qemu', {
      scsi0: 'local-lvm:vm-100-disk-0,size=32G',
      scsi1: 'local-lvm:vm-100-disk-1,size=lots',
      virtio0: 12,
      net0: 'virtio=nope',
      net1: 'virtio=BC:24:11:00:00:01',
      ipconfig0: 'ip=300.0.0.1/24',
      memory: 'lots',
      cores: 0,
      onboot: 'sometimes',
      agent: { enabled: 1 },
      tags: 7,
      description: ['x'],
    });
    expect(parsed.disks.map((disk) => disk.key)).toEqual(['scsi0']);
    expect(parsed.nics.map((nic) => nic.key)).toEqual(['net1']);
    const { memoryMiB, cores, onboot, agent, tags } = parsed;
    expect({ memoryMiB, cores, onboot, agent, tags }).toEqual({
      memoryMiB: null,
      cores: null,
      onboot: false,
      agent: null,
      tags: [],
    });
    expect(parsed.errors.map((error) => error.key).sort()).toEqual(
      ['agent', 'cores', 'description', 'ipconfig0', 'memory', 'net0', 'onboot', 'scsi1', 'tags', 'virtio0'].sort(),
    );
    expect(parsed.errors.find((error) => error.key === 'scsi1')).toEqual({
      key: 'scsi1',
      value: 'local-lvm:vm-100-disk-1,size=lots',
      error: "size: invalid size: 'lots'",
    });
  });

  it('does not throw on a non-object config', () => {
    const parsed = parseGuestConfig('lxc', null as unknown as Record<string, unknown>);
    expect(parsed.errors).toEqual([{ key: '', value: null, error: 'expected a config object, got null' }]);
    expect(parsed.disks).toEqual([]);
  });
});
