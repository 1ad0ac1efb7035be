// Display labels for choice values whose title-cased form would read wrong (acronyms, product names).
const LABELS: Record<string, string> = {
  undefined: 'Unknown',
  'dcim.interface': 'Interface',
  'virtualization.vminterface': 'VM interface',
  qemu: 'QEMU',
  lxc: 'LXC',
  ct: 'CT',
  vm: 'VM',
  'pbs-vm': 'PBS VM',
  'pbs-ct': 'PBS CT',
  zst: 'zst',
  tzst: 'tzst',
  tgz: 'tgz',
  tbz: 'tbz',
  iso: 'ISO',
  qcow2: 'qcow2',
  raw: 'raw',
  tar: 'tar',
  v1: 'v1',
  v2: 'v2',
  ipv4: 'IPv4',
  ipv6: 'IPv6',
  dhcp: 'DHCP',
  slaac: 'SLAAC',
  vip: 'VIP',
  vrrp: 'VRRP',
  hsrp: 'HSRP',
  glbp: 'GLBP',
  carp: 'CARP',
  'q-in-q': 'Q-in-Q',
  'tagged-all': 'Tagged (all)',
  laststate: 'Last state',
  lag: 'LAG',
};

/** Label for a choice value: `pbs-vm` → `PBS VM`, `completed_with_errors` → `Completed with errors`. */
export function choiceLabel(value: string): string {
  if (LABELS[value]) return LABELS[value];
  const text = value.replace(/[-_]/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
