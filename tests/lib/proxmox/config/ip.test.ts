import { describe, expect, it } from 'vitest';
import { isIpv4, isIpv4Cidr, isIpv6, isIpv6Cidr } from '@/lib/proxmox/config';

describe('IP address checks', () => {
  it.each(['0.0.0.0', '10.1.1.3', '255.255.255.255'])('%s is IPv4', (text) => expect(isIpv4(text)).toBe(true));
  it.each(['256.0.0.1', '1.2.3', '01.2.3.4', '1.2.3.4 ', ''])('%j is not IPv4', (text) =>
    expect(isIpv4(text)).toBe(false),
  );
  it.each([
    '::',
    '::1',
    '2000::1',
    'fc00:1::ff',
    'fe80::be24:11ff:fe89:6707',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7::',
    '::ffff:192.0.2.1',
  ])('%s is IPv6', (text) => expect(isIpv6(text)).toBe(true));
  it.each([
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::',
    ':1::',
    '1.2.3.4::',
    'fe80::1%eth0',
    'g::1',
    '',
  ])('%j is not IPv6', (text) => expect(isIpv6(text)).toBe(false));
  it('checks CIDR prefixes per family', () => {
    expect(['10.0.0.100/32', '10.0.0.1/33', '10.0.0.1'].map((text) => isIpv4Cidr(text))).toEqual([true, false, false]);
    expect(['fc00::89:c:1/96', '2001:1::/64', '::1/129'].map((text) => isIpv6Cidr(text))).toEqual([true, true, false]);
  });
});
