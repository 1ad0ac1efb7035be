import { describe, expect, it } from 'vitest';
import { parseGuestConfig, type ParsedGuestConfig } from '@/lib/proxmox/config';
import { loadConfigSamples, type ConfigSample } from './fixtures';

const qemuSamples = loadConfigSamples('qemu');
const lxcSamples = loadConfigSamples('lxc');
const GiB = 1024 ** 3;

function sample(samples: ConfigSample[], id: string): Record<string, unknown> {
  const found = samples.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`fixture sample ${id} is missing`);
  return found.body.data;
}

const noDevice = { isCdrom: false, isCloudInit: false, options: {} };

describe('parseGuestConfig on captured configs', () => {
  it.each([...qemuSamples.map((s) => ['qemu', s] as const), ...lxcSamples.map((s) => ['lxc', s] as const)])(
    '%s sample %#: parses without errors',
    (type, { body }) => {
      expect(parseGuestConfig(type, body.data).errors).toEqual([]);
    },
  );

  it('QEMU 126 (PVE 8.2+, UEFI, memory sent as a string)', () => {
    const config = sample(qemuSamples, 'proxbox-issue-144-uefi-config');
    expect(config.memory).toBe('3072');
    expect(parseGuestConfig('qemu', config)).toStrictEqual({
      guestType: 'qemu',
      name: 'xx.example.example.com',
      disks: [
        {
          ...noDevice,
          key: 'sata0',
          bus: 'sata',
          storage: null,
          volume: 'none',
          sizeBytes: null,
          media: 'cdrom',
          isCdrom: true,
        },
        {
          ...noDevice,
          key: 'sata1',
          bus: 'sata',
          storage: 'ceph-vm-data',
          volume: 'vm-126-disk-1',
          ownerVmid: 126,
          sizeBytes: 50 * GiB,
          ssd: true,
        },
        {
          ...noDevice,
          key: 'efidisk0',
          bus: 'efidisk',
          storage: 'ceph-vm-data',
          volume: 'vm-126-disk-0',
          ownerVmid: 126,
          sizeBytes: 128 * 1024,
        },
      ],
      nics: [
        {
          guestType: 'qemu',
          key: 'net0',
          index: 0,
          model: 'virtio',
          macAddress: '00:50:56:B9:02:4D',
          bridge: 'v656',
          options: {},
        },
      ],
      ipConfigs: [],
      agent: { enabled: true },
      tags: ['xxx', 'xxxxx-xxx', 'xxxx'],
      onboot: false,
      memoryMiB: 3072,
      cores: 2,
      sockets: 1,
      vcpus: null,
      errors: [],
    } satisfies ParsedGuestConfig);
  });

  it('QEMU 101 (PVE 6.2, cloud-init drive, comma-separated tags, memory as a number)', () => {
    expect(parseGuestConfig('qemu', sample(qemuSamples, 'community-proxmox-inventory-qemu-101-config'))).toStrictEqual({
      guestType: 'qemu',
      name: 'test-qemu',
      disks: [
        {
          ...noDevice,
          key: 'ide0',
          bus: 'ide',
          storage: 'local-lvm',
          volume: 'vm-101-cloudinit',
          ownerVmid: 101,
          sizeBytes: 4 * 1024 ** 2,
          media: 'cdrom',
          isCdrom: true,
          isCloudInit: true,
        },
        {
          ...noDevice,
          key: 'ide2',
          bus: 'ide',
          storage: null,
          volume: 'none',
          sizeBytes: null,
          media: 'cdrom',
          isCdrom: true,
        },
        {
          ...noDevice,
          key: 'scsi0',
          bus: 'scsi',
          storage: 'local-lvm',
          volume: 'vm-101-disk-0',
          ownerVmid: 101,
          sizeBytes: 8 * GiB,
        },
      ],
      nics: [
        {
          guestType: 'qemu',
          key: 'net0',
          index: 0,
          model: 'virtio',
          macAddress: 'FF:FF:FF:FF:FF:FF',
          bridge: 'vmbr0',
          firewall: true,
          options: {},
        },
      ],
      ipConfigs: [],
      agent: { enabled: true, fstrimClonedDisks: true },
      tags: ['one', 'two', 'three'],
      onboot: true,
      memoryMiB: 1000,
      cores: 1,
      sockets: 1,
      vcpus: null,
      description: 'A test qemu',
      errors: [],
    } satisfies ParsedGuestConfig);
  });

  it('QEMU 103 (two NICs sorted by index, three disks sorted by bus and index)', () => {
    const config = sample(qemuSamples, 'community-proxmox-inventory-qemu-103-config-multi-nic');
    const parsed = parseGuestConfig('qemu', config);
    expect(parsed.disks.map((disk) => [disk.key, disk.sizeBytes, disk.isCdrom])).toEqual([
      ['ide2', null, true],
      ['scsi0', 10 * GiB, false],
      ['scsi1', 30 * GiB, false],
      ['scsi2', 10 * GiB, false],
    ]);
    expect(parsed.nics.map((nic) => [nic.key, nic.index, nic.bridge])).toEqual([
      ['net0', 0, 'vmbr0'],
      ['net1', 1, 'vmbr1'],
    ]);
    expect(parsed.agent).toEqual({ enabled: true, type: 'virtio' });
  });

  it('LXC 101 (go-proxmox capture: rootfs with size, bind mount, DHCP NIC)', () => {
    expect(parseGuestConfig('lxc', sample(lxcSamples, 'go-proxmox-pve7x-lxc-config'))).toStrictEqual({
      guestType: 'lxc',
      name: 'test-container',
      disks: [
        {
          ...noDevice,
          key: 'rootfs',
          bus: 'rootfs',
          storage: 'vmstore',
          volume: 'subvol-101-disk-0',
          ownerVmid: 101,
          sizeBytes: 30 * GiB,
          mountpoint: '/',
          mountType: 'volume',
        },
        {
          ...noDevice,
          key: 'mp0',
          bus: 'mp',
          storage: null,
          volume: '/mnt/foo/bar',
          sizeBytes: null,
          mountpoint: '/storage',
          mountType: 'bind',
        },
      ],
      nics: [
        {
          guestType: 'lxc',
          key: 'net0',
          index: 0,
          name: 'eth0',
          macAddress: '5D:CF:BD:B2:C5:39',
          bridge: 'vmbr0',
          firewall: true,
          ip: 'dhcp',
          type: 'veth',
          options: {},
        },
      ],
      ipConfigs: [],
      agent: null,
      tags: ['tag1', 'tag2'],
      onboot: true,
      memoryMiB: 4096,
      cores: 2,
      sockets: null,
      vcpus: null,
      unprivileged: false,
      errors: [],
    } satisfies ParsedGuestConfig);
  });

  it('LXC 100 (PVE 6.2: static IPv4 with gateway, onboot 0)', () => {
    const parsed = parseGuestConfig('lxc', sample(lxcSamples, 'community-proxmox-inventory-lxc-100-config'));
    expect(parsed.nics).toStrictEqual([
      {
        guestType: 'lxc',
        key: 'net0',
        index: 0,
        name: 'eth0',
        macAddress: 'FF:FF:FF:FF:FF:FF',
        bridge: 'vmbr0',
        gw: '10.1.1.1',
        ip: '10.1.1.3/24',
        type: 'veth',
        options: {},
      },
    ]);
    const { name, onboot, memoryMiB, cores, description } = parsed;
    expect({ name, onboot, memoryMiB, cores, description }).toEqual({
      name: 'test-lxc',
      onboot: false,
      memoryMiB: 1000,
      cores: 1,
      description: 'A testnode',
    });
    expect(parsed.disks.map((disk) => [disk.key, disk.sizeBytes])).toEqual([['rootfs', 4 * GiB]]);
  });
});
