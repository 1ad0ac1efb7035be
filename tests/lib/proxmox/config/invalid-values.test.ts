import { describe, expect, it } from 'vitest';
import {
  isDiskKey,
  isIpConfigKey,
  isNetKey,
  parseIpConfig,
  parseLxcMount,
  parseLxcNet,
  parseQemuDisk,
  parseQemuNet,
} from '@/lib/proxmox/config';

function errorOf(result: { ok: boolean; error?: string }): string | undefined {
  return result.ok ? undefined : result.error;
}

describe('isDiskKey / isNetKey / isIpConfigKey', () => {
  it.each(['ide3', 'sata5', 'scsi30', 'virtio15', 'efidisk0', 'tpmstate0', 'unused255'])(
    '%s is a QEMU disk key',
    (key) => expect(isDiskKey(key, 'qemu')).toBe(true),
  );
  it.each(['ide4', 'sata6', 'scsi31', 'virtio16', 'efidisk1', 'scsi01', 'rootfs', 'mp0', 'net0', 'Scsi0'])(
    '%s is not a QEMU disk key',
    (key) => expect(isDiskKey(key, 'qemu')).toBe(false),
  );
  it('knows LXC mount keys and either type without a guest type', () => {
    expect(['rootfs', 'mp0', 'mp255', 'unused0'].every((key) => isDiskKey(key, 'lxc'))).toBe(true);
    expect(['mp256', 'scsi0'].some((key) => isDiskKey(key, 'lxc'))).toBe(false);
    expect(isDiskKey('scsi0') && isDiskKey('rootfs')).toBe(true);
  });
  it('knows NIC and cloud-init keys', () => {
    expect(['net0', 'net31', 'net32', 'net'].map((key) => isNetKey(key))).toEqual([true, true, false, false]);
    expect([isIpConfigKey('ipconfig3'), isIpConfigKey('ipconfig32')]).toEqual([true, false]);
  });
});

describe('invalid values are reported, not thrown', () => {
  it.each([
    ['scsi0', 'local-lvm:vm-100-disk-0,size=32g', "size: invalid size: '32g'"],
    ['scsi0', 'local-lvm:vm-100-disk-0,ssd=maybe', "ssd: invalid boolean: 'maybe'"],
    ['ide2', 'none,media=floppy', "media: invalid media 'floppy'"],
    ['scsi0', 'size=32G', 'scsi0 has no volume'],
    ['scsi0', 'relative/path.raw', "invalid volume id: 'relative/path.raw'"],
    ['scsi0', 'local:vm-100-disk-0,volume=local:vm-100-disk-1', "both 'file' and its alias 'volume' are set"],
    ['scsi31', 'local:vm-100-disk-0', "not a QEMU disk key: 'scsi31'"],
    ['unused0', 'none', "invalid volume id: 'none'"],
  ])('%s: %s', (key, value, error) => {
    expect(errorOf(parseQemuDisk(key, value))).toBe(error);
  });

  it('accepts the volume= alias of file=', () => {
    const result = parseQemuDisk('virtio1', 'volume=local:vm-100-disk-1,size=1G');
    const fields = result.ok && [result.value.storage, result.value.volume, result.value.sizeBytes];
    expect(fields).toEqual(['local', 'vm-100-disk-1', 1024 ** 3]);
  });

  it.each([
    ['mp0', 'local:vm-100-disk-1', 'mp0 has no mount point (mp=)'],
    ['mp0', 'none,mp=/x', "invalid volume id: 'none'"],
    ['scsi0', 'local:vm-100-disk-1', "not an LXC mount key: 'scsi0'"],
  ])('LXC %s: %s', (key, value, error) => {
    expect(errorOf(parseLxcMount(key, value))).toBe(error);
  });

  it.each([
    ['virtio=BC:24:11:2B:3C', "invalid MAC address: 'BC:24:11:2B:3C'"],
    ['virtio=BC:24:11:2B:3C:4D,e1000=BC:24:11:2B:3C:4E', "NIC model given twice ('virtio' and 'e1000')"],
    ['virtio=BC:24:11:2B:3C:4D,macaddr=BC:24:11:2B:3C:4E', 'MAC address given twice'],
    ['model=tulip', "unknown NIC model 'tulip'"],
    ['bridge=vmbr0', 'NIC has no model'],
    ['virtio,tag=4095', 'tag: VLAN id must be at most 4094'],
    ['virtio,trunks=10-5', "trunks: invalid trunks range: '10-5'"],
    ['virtio,mtu=65521', 'mtu: value must be at most 65520'],
    ['virtio,queues=x', "queues: value is not an integer: 'x'"],
  ])('QEMU NIC %s', (value, error) => {
    expect(errorOf(parseQemuNet(value))).toBe(error);
  });

  it.each([
    ['bridge=vmbr0', 'LXC NIC has no name'],
    ['eth0,bridge=vmbr0', "value without key, but the format has no default key: 'eth0'"],
    ['name=eth0,ip=10.0.0.256/24', "ip: invalid IPv4 config: '10.0.0.256/24'"],
    ['name=eth0,ip=10.0.0.5', "ip: invalid IPv4 config: '10.0.0.5'"],
    ['name=eth0,ip6=fe80::1::2/64', "ip6: invalid IPv6 config: 'fe80::1::2/64'"],
    ['name=eth0,gw=10.0.0.1/24', "gw: invalid IPv4 address: '10.0.0.1/24'"],
    ['name=eth0,hwaddr=zz:24:11:2B:3C:4D', "hwaddr: invalid MAC address: 'zz:24:11:2B:3C:4D'"],
    ['name=eth 0', "invalid interface name 'eth 0'"],
  ])('LXC NIC %s', (value, error) => {
    expect(errorOf(parseLxcNet(value))).toBe(error);
  });

  it.each([
    ['ip=dhcp,ip6=slaac', "ip6: invalid IPv6 config: 'slaac'"],
    ['ip6=2001:db8::1/129', "ip6: invalid IPv6 config: '2001:db8::1/129'"],
    ['dhcp', "value without key, but the format has no default key: 'dhcp'"],
  ])('ipconfig %s', (value, error) => {
    expect(errorOf(parseIpConfig(value))).toBe(error);
  });
});
