import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVolumeId } from '@/lib/proxmox/config';
import { fixturePath } from '../../../fixtures/paths';

// Real PBS listing (storage content response) – volids with the ctime PVE reported for them.
const contentFile = fixturePath('proxmox', 'responses', 'nodes_{node}_storage_{storage}_content.json');
const pbsItems = (
  JSON.parse(fs.readFileSync(contentFile, 'utf8')) as {
    samples: { body: { data: { volid: string; ctime: number; vmid: number; format: string }[] } }[];
  }
).samples.flatMap((sample) => sample.body.data);

describe('parseVolumeId', () => {
  it('splits storage and volume names of block and file storages', () => {
    expect(parseVolumeId('local-lvm:vm-100-disk-0')).toStrictEqual({
      ok: true,
      value: { storage: 'local-lvm', volume: 'vm-100-disk-0', ownerVmid: 100 },
    });
    expect(parseVolumeId('local:iso/vm-100-tools.iso')).toStrictEqual({
      ok: true,
      value: { storage: 'local', volume: 'iso/vm-100-tools.iso' },
    });
    expect(parseVolumeId('rpool:base-100-disk-0/vm-101-disk-0')).toStrictEqual({
      ok: true,
      value: { storage: 'rpool', volume: 'base-100-disk-0/vm-101-disk-0', ownerVmid: 101 },
    });
  });

  it('returns absolute paths with storage null', () => {
    expect(parseVolumeId('/dev/disk/by-id/ata-WDC_WD40EFRX-68N32N0_WD-WCC7K1234567')).toStrictEqual({
      ok: true,
      value: { storage: null, volume: '/dev/disk/by-id/ata-WDC_WD40EFRX-68N32N0_WD-WCC7K1234567' },
    });
  });

  it.each(pbsItems)('reads guest, vmid, time and format from the PBS volid $volid', (item) => {
    const result = parseVolumeId(item.volid);
    expect(result.ok && result.value.backup).toStrictEqual({
      guestType: 'qemu',
      vmid: item.vmid,
      time: item.ctime,
      format: item.format,
    });
  });

  it('reads dir-storage vzdump names (times read as UTC, matching the ctime PVE lists for a UTC node)', () => {
    expect(parseVolumeId('local:backup/vzdump-qemu-100-2024_05_01-01_00_03.vma.zst')).toStrictEqual({
      ok: true,
      value: {
        storage: 'local',
        volume: 'backup/vzdump-qemu-100-2024_05_01-01_00_03.vma.zst',
        ownerVmid: 100,
        backup: { guestType: 'qemu', vmid: 100, time: 1714525203, format: 'vma.zst' },
      },
    });
    const lxc = parseVolumeId('local:backup/vzdump-lxc-101-2024_05_01-01_03_12.tar.zst');
    expect(lxc.ok && lxc.value.backup).toEqual({ guestType: 'lxc', vmid: 101, time: 1714525392, format: 'tar.zst' });
    const ct = parseVolumeId('pbs:backup/ct/105/2024-05-01T01:00:03Z');
    expect(ct.ok && ct.value.backup).toEqual({ guestType: 'lxc', vmid: 105, time: 1714525203, format: 'pbs-ct' });
    const tgz = parseVolumeId('nfs:backup/vzdump-openvz-120-2015_01_02-03_04_05.tgz');
    expect(tgz.ok && tgz.value.backup).toEqual({ guestType: 'lxc', vmid: 120, time: 1420167845, format: 'tgz' });
  });

  it('keeps non-standard backup names as plain volumes', () => {
    for (const volid of [
      'local:backup/vzdump-qemu-100-2024_02_30-01_00_03.vma.zst',
      'local:backup/my-archive.vma.zst',
      'pbs:backup/host/pve1/2024-05-01T01:00:03Z',
    ]) {
      const result = parseVolumeId(volid);
      expect(result.ok && result.value.backup).toBeUndefined();
    }
  });

  it.each(['', 'local', ':vm-100-disk-0', 'x:vm-1', 'local:', '1local:vm', 'local-:vm', '/'])('rejects %j', (text) => {
    expect(parseVolumeId(text).ok).toBe(false);
  });
});
