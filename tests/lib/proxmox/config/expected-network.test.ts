import { describe, expect, it } from 'vitest';
import { parseIpConfig, parseLxcNet, parseQemuNet, type LxcNic, type QemuNic } from '@/lib/proxmox/config';
import { loadConfigStrings } from './fixtures';

// Exact parse results for NICs. `fixture: true` rows are verbatim strings from
// config-strings.json (checked below); the others cover models and options the fixtures lack.
const fixtureValues = new Set(loadConfigStrings().map((example) => String(example.value)));

const qemuCases: { value: string; fixture: boolean; expected: QemuNic }[] = [
  {
    value: 'virtio=A2:C0:43:77:08:A0,bridge=vmbr0,mtu=900,queues=2',
    fixture: true,
    expected: { model: 'virtio', macAddress: 'A2:C0:43:77:08:A0', bridge: 'vmbr0', mtu: 900, queues: 2, options: {} },
  },
  {
    value: 'virtio=00:50:56:b9:02:4d,bridge=v656',
    fixture: true,
    expected: { model: 'virtio', macAddress: '00:50:56:B9:02:4D', bridge: 'v656', options: {} },
  },
  {
    value: 'vmxnet3=BC:24:11:2C:69:EC,bridge=vnet0,firewall=1',
    fixture: true,
    expected: { model: 'vmxnet3', macAddress: 'BC:24:11:2C:69:EC', bridge: 'vnet0', firewall: true, options: {} },
  },
  {
    value: 'e1000=12:34:56:78:90:12,bridge=somebr0,firewall=1',
    fixture: true,
    expected: { model: 'e1000', macAddress: '12:34:56:78:90:12', bridge: 'somebr0', firewall: true, options: {} },
  },
  {
    value: 'e1000e=BC:24:11:2B:3C:4D,bridge=vmbr0,tag=20,trunks=30;40-42,link_down=1',
    fixture: false,
    expected: {
      model: 'e1000e',
      macAddress: 'BC:24:11:2B:3C:4D',
      bridge: 'vmbr0',
      tag: 20,
      trunks: [30, 40, 41, 42],
      linkDown: true,
      options: {},
    },
  },
  {
    value: 'rtl8139=bc:24:11:00:00:01,rate=12.5,firewall=off',
    fixture: false,
    expected: { model: 'rtl8139', macAddress: 'BC:24:11:00:00:01', rate: 12.5, firewall: false, options: {} },
  },
  {
    value: 'e1000-82545em=BC:24:11:00:00:02,bridge=vmbr1,host-tunnel=1',
    fixture: false,
    expected: {
      model: 'e1000-82545em',
      macAddress: 'BC:24:11:00:00:02',
      bridge: 'vmbr1',
      options: { 'host-tunnel': '1' },
    },
  },
  { value: 'ne2k_pci', fixture: false, expected: { model: 'ne2k_pci', macAddress: null, options: {} } },
  {
    value: 'model=i82551,macaddr=BC-24-11-00-00-03,bridge=vmbr0',
    fixture: false,
    expected: { model: 'i82551', macAddress: 'BC:24:11:00:00:03', bridge: 'vmbr0', options: {} },
  },
];

const lxcCases: { value: string; fixture: boolean; expected: LxcNic }[] = [
  {
    value: 'name=eth0,bridge=vmbr0,firewall=1,hwaddr=5D:CF:BD:B2:C5:39,ip=dhcp,type=veth',
    fixture: true,
    expected: {
      name: 'eth0',
      macAddress: '5D:CF:BD:B2:C5:39',
      bridge: 'vmbr0',
      firewall: true,
      ip: 'dhcp',
      type: 'veth',
      options: {},
    },
  },
  {
    value: 'name=eth0,bridge=vmbr0,gw=10.1.1.1,hwaddr=FF:FF:FF:FF:FF:FF,ip=10.1.1.3/24,type=veth',
    fixture: true,
    expected: {
      name: 'eth0',
      macAddress: 'FF:FF:FF:FF:FF:FF',
      bridge: 'vmbr0',
      gw: '10.1.1.1',
      ip: '10.1.1.3/24',
      type: 'veth',
      options: {},
    },
  },
  {
    value: 'bridge=vmbr0,name=eth0,ip=1.2.3.4/24,gw=4.3.2.1,ip6=2000::1/64,gw6=20ff::1',
    fixture: true,
    expected: {
      name: 'eth0',
      macAddress: null,
      bridge: 'vmbr0',
      ip: '1.2.3.4/24',
      gw: '4.3.2.1',
      ip6: '2000::1/64',
      gw6: '20ff::1',
      options: {},
    },
  },
  {
    value: 'name=eth0,hwaddr=46:6B:2E:6F:B1:13,bridge=vmbr0,ip6=fc00::89:c:1/96',
    fixture: true,
    expected: { name: 'eth0', macAddress: '46:6B:2E:6F:B1:13', bridge: 'vmbr0', ip6: 'fc00::89:c:1/96', options: {} },
  },
  {
    value: 'bridge=vmbr0,name=eth0,ip6=auto',
    fixture: true,
    expected: { name: 'eth0', macAddress: null, bridge: 'vmbr0', ip6: 'auto', options: {} },
  },
  {
    value: 'bridge=vmbr0,name=eth2,ip=manual',
    fixture: true,
    expected: { name: 'eth2', macAddress: null, bridge: 'vmbr0', ip: 'manual', options: {} },
  },
  {
    value:
      'name=eth1,bridge=vmbr0,hwaddr=BC:24:11:00:00:04,ip=10.0.0.5/24,tag=10,mtu=1500,trunks=20;30,' +
      'link_down=0,host-managed=1,x-new=1',
    fixture: false,
    expected: {
      name: 'eth1',
      macAddress: 'BC:24:11:00:00:04',
      bridge: 'vmbr0',
      ip: '10.0.0.5/24',
      tag: 10,
      mtu: 1500,
      trunks: [20, 30],
      linkDown: false,
      hostManaged: true,
      options: { 'x-new': '1' },
    },
  },
];

describe('parseQemuNet exact results', () => {
  it.each(qemuCases)('$value', ({ value, fixture, expected }) => {
    if (fixture) expect(fixtureValues.has(value)).toBe(true);
    expect(parseQemuNet(value)).toStrictEqual({ ok: true, value: expected });
  });
});

describe('parseLxcNet exact results', () => {
  it.each(lxcCases)('$value', ({ value, fixture, expected }) => {
    if (fixture) expect(fixtureValues.has(value)).toBe(true);
    expect(parseLxcNet(value)).toStrictEqual({ ok: true, value: expected });
  });
});

describe('parseIpConfig exact results', () => {
  it.each([
    { value: 'ip=dhcp,ip6=dhcp', fixture: true, expected: { ip: 'dhcp', ip6: 'dhcp' } },
    { value: 'ip6=dhcp', fixture: true, expected: { ip6: 'dhcp' } },
    {
      value: 'ip=10.0.0.5/24,gw=10.0.0.1,ip6=auto',
      fixture: false,
      expected: { ip: '10.0.0.5/24', gw: '10.0.0.1', ip6: 'auto' },
    },
    {
      value: 'ip=192.0.2.10/24,gw=192.0.2.1,ip6=2001:db8::10/64,gw6=2001:db8::1',
      fixture: false,
      expected: { ip: '192.0.2.10/24', gw: '192.0.2.1', ip6: '2001:db8::10/64', gw6: '2001:db8::1' },
    },
  ])('$value', ({ value, fixture, expected }) => {
    if (fixture) expect(fixtureValues.has(value)).toBe(true);
    expect(parseIpConfig(value)).toStrictEqual({ ok: true, value: expected });
  });
});
