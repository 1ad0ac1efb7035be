import { describe, expect, it } from 'vitest';
import { parseQemuDisk, type ParsedDisk } from '@/lib/proxmox/config';
import { loadConfigStrings } from './fixtures';

// Exact QEMU drive parse results. `fixture: true` rows are verbatim strings from config-strings.json (the
// test checks they are there); the others are hand-written to reach grammar the fixtures lack.
const fixtureValues = new Set(loadConfigStrings().map((example) => `${example.key}=${example.value}`));
const GiB = 1024 ** 3;

interface DiskCase {
  key: string;
  value: string;
  fixture: boolean;
  expected: ParsedDisk;
}

const base = { isCdrom: false, isCloudInit: false, options: {} };

const cases: DiskCase[] = [
  {
    key: 'scsi0',
    fixture: true,
    value: 'target:179/vm-179-disk-0.qcow2,cache=none,discard=on,size=32G,ssd=1',
    expected: {
      ...base,
      key: 'scsi0',
      bus: 'scsi',
      storage: 'target',
      volume: '179/vm-179-disk-0.qcow2',
      ownerVmid: 179,
      sizeBytes: 32 * GiB,
      format: 'qcow2',
      cache: 'none',
      discard: 'on',
      ssd: true,
    },
  },
  {
    key: 'scsi9',
    fixture: true,
    value: 'krbd-store:vm-8006-disk-9,discard=on,size=104858K,cache=writeback,aio=io_uring',
    expected: {
      ...base,
      key: 'scsi9',
      bus: 'scsi',
      storage: 'krbd-store',
      volume: 'vm-8006-disk-9',
      ownerVmid: 8006,
      sizeBytes: 107374592,
      discard: 'on',
      cache: 'writeback',
      options: { aio: 'io_uring' },
    },
  },
  {
    key: 'scsi2',
    fixture: true,
    value: 'target:179/vm-179-disk-2.qcow2,mbps_rd=7,mbps_wr=7,replicate=0,size=32G',
    expected: {
      ...base,
      key: 'scsi2',
      bus: 'scsi',
      storage: 'target',
      volume: '179/vm-179-disk-2.qcow2',
      ownerVmid: 179,
      sizeBytes: 32 * GiB,
      format: 'qcow2',
      replicate: false,
      options: { mbps_rd: '7', mbps_wr: '7' },
    },
  },
  {
    key: 'scsi4',
    fixture: true,
    value: 'myfs:179/vm-179-disk-1.qcow2,backup=0,size=32G',
    expected: {
      ...base,
      key: 'scsi4',
      bus: 'scsi',
      storage: 'myfs',
      volume: '179/vm-179-disk-1.qcow2',
      ownerVmid: 179,
      sizeBytes: 32 * GiB,
      format: 'qcow2',
      backup: false,
    },
  },
  {
    key: 'scsi0',
    fixture: true,
    value: '/dev/sdg,scsiblock=1,size=32G',
    expected: {
      ...base,
      key: 'scsi0',
      bus: 'scsi',
      storage: null,
      volume: '/dev/sdg',
      sizeBytes: 32 * GiB,
      options: { scsiblock: '1' },
    },
  },
  {
    key: 'scsi0',
    fixture: true,
    value: '/dev/sda',
    expected: { ...base, key: 'scsi0', bus: 'scsi', storage: null, volume: '/dev/sda', sizeBytes: null },
  },
  {
    key: 'scsi1',
    fixture: true,
    value: '/mnt/file.raw',
    expected: {
      ...base,
      key: 'scsi1',
      bus: 'scsi',
      storage: null,
      volume: '/mnt/file.raw',
      sizeBytes: null,
      format: 'raw',
    },
  },
  {
    key: 'virtio0',
    fixture: true,
    value: 'local:8006/vm-8006-disk-0.qcow2,discard=on,iothread=1,size=104858K',
    expected: {
      ...base,
      key: 'virtio0',
      bus: 'virtio',
      storage: 'local',
      volume: '8006/vm-8006-disk-0.qcow2',
      ownerVmid: 8006,
      sizeBytes: 107374592,
      format: 'qcow2',
      discard: 'on',
      iothread: true,
    },
  },
  {
    key: 'sata1',
    fixture: true,
    value: 'ceph-vm-data:vm-126-disk-1,size=50G,ssd=1',
    expected: {
      ...base,
      key: 'sata1',
      bus: 'sata',
      storage: 'ceph-vm-data',
      volume: 'vm-126-disk-1',
      ownerVmid: 126,
      sizeBytes: 50 * GiB,
      ssd: true,
    },
  },
  {
    key: 'sata0',
    fixture: true,
    value: 'none,media=cdrom',
    expected: {
      ...base,
      key: 'sata0',
      bus: 'sata',
      storage: null,
      volume: 'none',
      sizeBytes: null,
      media: 'cdrom',
      isCdrom: true,
    },
  },
  {
    key: 'ide2',
    fixture: true,
    value: 'cdrom,media=cdrom',
    expected: {
      ...base,
      key: 'ide2',
      bus: 'ide',
      storage: null,
      volume: 'cdrom',
      sizeBytes: null,
      media: 'cdrom',
      isCdrom: true,
    },
  },
  {
    key: 'ide2',
    fixture: true,
    value: 'sani:iso/Win2016-1616-evaluation.ISO,media=cdrom,size=5198078K',
    expected: {
      ...base,
      key: 'ide2',
      bus: 'ide',
      storage: 'sani',
      volume: 'iso/Win2016-1616-evaluation.ISO',
      sizeBytes: 5198078 * 1024,
      media: 'cdrom',
      isCdrom: true,
    },
  },
  {
    key: 'ide2',
    fixture: true,
    value: 'cifs-store:iso/two.iso,media=disk,size=112M',
    expected: {
      ...base,
      key: 'ide2',
      bus: 'ide',
      storage: 'cifs-store',
      volume: 'iso/two.iso',
      sizeBytes: 112 * 1024 ** 2,
      media: 'disk',
    },
  },
  {
    key: 'ide0',
    fixture: true,
    value: 'local-lvm:vm-101-cloudinit,media=cdrom,size=4M',
    expected: {
      ...base,
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
  },
  {
    key: 'efidisk0',
    fixture: true,
    value: 'local:100/vm-100-disk-0.raw,efitype=4m,pre-enrolled-keys=1,size=528K',
    expected: {
      ...base,
      key: 'efidisk0',
      bus: 'efidisk',
      storage: 'local',
      volume: '100/vm-100-disk-0.raw',
      ownerVmid: 100,
      sizeBytes: 528 * 1024,
      format: 'raw',
      options: { efitype: '4m', 'pre-enrolled-keys': '1' },
    },
  },
  {
    // The directory names the owner, as in pve-storage's parse_volname (not the file name's 100).
    key: 'tpmstate0',
    fixture: true,
    value: 'local:108/vm-100-disk-1.raw,size=4M,version=v2.0',
    expected: {
      ...base,
      key: 'tpmstate0',
      bus: 'tpmstate',
      storage: 'local',
      volume: '108/vm-100-disk-1.raw',
      ownerVmid: 108,
      sizeBytes: 4 * 1024 ** 2,
      format: 'raw',
      options: { version: 'v2.0' },
    },
  },
  {
    key: 'unused7',
    fixture: true,
    value: 'mydir:1422/vm-1422-disk-8.qcow2',
    expected: {
      ...base,
      key: 'unused7',
      bus: 'unused',
      storage: 'mydir',
      volume: '1422/vm-1422-disk-8.qcow2',
      ownerVmid: 1422,
      sizeBytes: null,
      format: 'qcow2',
    },
  },
  {
    key: 'scsi1',
    fixture: false,
    value: 'local-zfs:vm-100-disk-1,iothread=1,size=2T,serial=disk%20one',
    expected: {
      ...base,
      key: 'scsi1',
      bus: 'scsi',
      storage: 'local-zfs',
      volume: 'vm-100-disk-1',
      ownerVmid: 100,
      sizeBytes: 2 * 1024 ** 4,
      iothread: true,
      options: { serial: 'disk one' },
    },
  },
  {
    key: 'scsi3',
    fixture: false,
    value: 'local:100/base-100-disk-0.qcow2/101/vm-101-disk-0.qcow2,format=qcow2,ro=1,size=1001',
    expected: {
      ...base,
      key: 'scsi3',
      bus: 'scsi',
      storage: 'local',
      volume: '100/base-100-disk-0.qcow2/101/vm-101-disk-0.qcow2',
      ownerVmid: 101,
      sizeBytes: 1001,
      format: 'qcow2',
      readOnly: true,
    },
  },
];

describe('parseQemuDisk exact results', () => {
  it.each(cases)('$key: $value', ({ key, value, fixture, expected }) => {
    if (fixture) expect(fixtureValues.has(`${key}=${value}`)).toBe(true);
    expect(parseQemuDisk(key, value)).toStrictEqual({ ok: true, value: expected });
  });
});
