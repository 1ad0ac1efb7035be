// Version-dependent shapes. One profile per simulated release;
// renderers ask the profile instead of comparing version strings.

/** The Proxmox VE releases the simulator can impersonate. */
export type PveVersion = '7.4' | '8.2' | '9.1';

/** Every behaviour that differs between the simulated releases. */
export interface VersionProfile {
  version: PveVersion;
  /** `/version` body. 7.x: `7.4-16` + 8-hex repoid; ≥ 8: `x.y.z` + 16-hex repoid. */
  versionInfo: { version: string; release: string; repoid: string; console?: 'xtermjs' };
  /** `/nodes/{node}/status` `pveversion`. */
  pveversion: string;
  kernel: { release: string; version: string };
  /** QEMU of running VMs (`running-qemu`) and the machine type prefix. */
  qemu: string;
  machine: string;
  /** Error bodies carry `message` (pve-http-server ≥ 5.2.0, PVE 8.4). We place the cut between 8.2 and 9.1. */
  errorMessage: boolean;
  /** qemu config `memory` is a property string (qemu-server ≥ 8.0.8, PVE 8.1). */
  memoryAsString: boolean;
  /** `/nodes/{node}/lxc` `vmid` is a string before pve-container 5.0.10 (PVE 8.2). */
  lxcVmidAsString: boolean;
  /** `/lxc/{vmid}/interfaces`: absent (< 8.1), legacy `inet/inet6/hwaddr` (8.1–8.3), + `ip-addresses` (≥ 8.4). */
  lxcInterfaces: 'absent' | 'legacy' | 'full';
  /** `memhost` and `pressure*` keys on guests (PVE 9). */
  memhostAndPressure: boolean;
  /** `network` entries in `/cluster/resources` (PVE 9 SDN fabrics/zones). */
  networkResources: boolean;
  /** `boot-info` and `current-kernel` in node status (PVE ≥ 8). */
  nodeBootInfo: boolean;
  /** `memory.available` in node status (PVE 9). */
  memAvailable: boolean;
  /** Default CPU type of new VMs (`kvm64` before 8.0, `x86-64-v2-AES` after). */
  defaultCpu: string;
}

const PROFILES: Record<PveVersion, VersionProfile> = {
  '7.4': {
    version: '7.4',
    versionInfo: { version: '7.4-16', release: '7.4', repoid: '0f39f621' },
    pveversion: 'pve-manager/7.4-16/0f39f621',
    kernel: { release: '5.15.108-1-pve', version: '#1 SMP PVE 5.15.108-2 (2023-07-20T10:06Z)' },
    qemu: '7.2.0',
    machine: 'pc-i440fx-7.2+pve0',
    errorMessage: false,
    memoryAsString: false,
    lxcVmidAsString: true,
    lxcInterfaces: 'absent',
    memhostAndPressure: false,
    networkResources: false,
    nodeBootInfo: false,
    memAvailable: false,
    defaultCpu: 'kvm64',
  },
  '8.2': {
    version: '8.2',
    versionInfo: { version: '8.2.4', release: '8.2', repoid: 'faa83925c9641325', console: 'xtermjs' },
    pveversion: 'pve-manager/8.2.4/faa83925c9641325',
    kernel: { release: '6.8.8-2-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.8.8-2 (2024-06-24T09:00Z)' },
    qemu: '8.1.5',
    machine: 'pc-i440fx-8.1+pve0',
    errorMessage: false,
    memoryAsString: true,
    lxcVmidAsString: false,
    lxcInterfaces: 'legacy',
    memhostAndPressure: false,
    networkResources: false,
    nodeBootInfo: true,
    memAvailable: false,
    defaultCpu: 'x86-64-v2-AES',
  },
  // The 9.1 repoid is synthetic (16 hex digits in the real format), not a real pve-manager commit.
  '9.1': {
    version: '9.1',
    versionInfo: { version: '9.1.1', release: '9.1', repoid: '42db4a6cf33dac83' },
    pveversion: 'pve-manager/9.1.1/42db4a6cf33dac83',
    kernel: { release: '6.17.2-1-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)' },
    qemu: '10.1.2',
    machine: 'pc-i440fx-10.1+pve0',
    errorMessage: true,
    memoryAsString: true,
    lxcVmidAsString: false,
    lxcInterfaces: 'full',
    memhostAndPressure: true,
    networkResources: true,
    nodeBootInfo: true,
    memAvailable: true,
    defaultCpu: 'x86-64-v2-AES',
  },
};

/** The behaviour profile of a simulated release. */
export function versionProfile(version: PveVersion): VersionProfile {
  return PROFILES[version];
}

/** All simulated releases, oldest first (tests iterate over them). */
export const PVE_VERSIONS: readonly PveVersion[] = ['7.4', '8.2', '9.1'];
