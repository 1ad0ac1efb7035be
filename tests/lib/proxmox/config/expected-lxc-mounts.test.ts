import { describe, expect, it } from 'vitest';
import { parseLxcMount, type ParsedDisk } from '@/lib/proxmox/config';
import { loadConfigStrings } from './fixtures';

// Exact LXC mount parse results. `fixture: true` rows are verbatim strings from
// config-strings.json (checked below); the others reach grammar the fixtures lack (size on mpN, devices).
const fixtureValues = new Set(loadConfigStrings().map((example) => `${example.key}=${example.value}`));
const GiB = 1024 ** 3;
const base = { isCdrom: false, isCloudInit: false, options: {} };

const cases: { key: string; value: string; fixture: boolean; expected: ParsedDisk }[] = [
  {
    key: 'rootfs',
    fixture: true,
    value: 'vmstore:subvol-101-disk-0,size=30G',
    expected: {
      ...base,
      key: 'rootfs',
      bus: 'rootfs',
      storage: 'vmstore',
      volume: 'subvol-101-disk-0',
      ownerVmid: 101,
      sizeBytes: 30 * GiB,
      mountpoint: '/',
      mountType: 'volume',
    },
  },
  {
    key: 'mp0',
    fixture: true,
    value: '/mnt/foo/bar,mp=/storage',
    expected: {
      ...base,
      key: 'mp0',
      bus: 'mp',
      storage: null,
      volume: '/mnt/foo/bar',
      sizeBytes: null,
      mountpoint: '/storage',
      mountType: 'bind',
    },
  },
  {
    key: 'mp1',
    fixture: true,
    value: 'local:snapshotable-disk-3,mp=/invalid/mp1',
    expected: {
      ...base,
      key: 'mp1',
      bus: 'mp',
      storage: 'local',
      volume: 'snapshotable-disk-3',
      sizeBytes: null,
      mountpoint: '/invalid/mp1',
      mountType: 'volume',
    },
  },
  {
    key: 'mp0',
    fixture: false,
    value: 'local-lvm:vm-101-disk-1,mp=/srv/data,backup=1,mountoptions=noatime,size=8G',
    expected: {
      ...base,
      key: 'mp0',
      bus: 'mp',
      storage: 'local-lvm',
      volume: 'vm-101-disk-1',
      ownerVmid: 101,
      sizeBytes: 8 * GiB,
      mountpoint: '/srv/data',
      mountType: 'volume',
      backup: true,
      options: { mountoptions: 'noatime' },
    },
  },
  {
    key: 'mp2',
    fixture: false,
    value: '/dev/sdb1,mp=/mnt/usb',
    expected: {
      ...base,
      key: 'mp2',
      bus: 'mp',
      storage: null,
      volume: '/dev/sdb1',
      sizeBytes: null,
      mountpoint: '/mnt/usb',
      mountType: 'device',
    },
  },
  {
    key: 'unused0',
    fixture: true,
    value: 'preserved:some-disk-1',
    expected: {
      ...base,
      key: 'unused0',
      bus: 'unused',
      storage: 'preserved',
      volume: 'some-disk-1',
      sizeBytes: null,
    },
  },
];

describe('parseLxcMount exact results', () => {
  it.each(cases)('$key: $value', ({ key, value, fixture, expected }) => {
    if (fixture) expect(fixtureValues.has(`${key}=${value}`)).toBe(true);
    expect(parseLxcMount(key, value)).toStrictEqual({ ok: true, value: expected });
  });
});
