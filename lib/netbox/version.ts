// What changed between the NetBox versions the push supports, decided from `netbox-version` of
// /api/status/. Facts and their versions are listed in docs/netbox-push.md.

export interface NetboxFeatures {
  version: string;
  /** 4.2+: MAC addresses are `dcim/mac-addresses` objects; an interface names one as `primary_mac_address` (its `mac_address` is read-only). Before: the interface's `mac_address` is written. */
  macObjects: boolean;
  /** 4.1+: `VirtualMachine.disk` and `VirtualDisk.size` are MB; before, GB. */
  diskMb: boolean;
  /** 4.5+: `VirtualMachine.start_on_boot`. */
  startOnBoot: boolean;
  /** 4.6+: `virtual_machine_type` and the `virtualization/virtual-machine-types` list. */
  vmType: boolean;
  /** 4.2.4+: VM status `paused`. */
  pausedStatus: boolean;
}

/** Parses "4.2.2", "4.6.8-Docker-3.2.1", "v4.0"; anything unparseable is refused. */
export function featuresOf(version: string): NetboxFeatures {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!m) throw new Error(`NetBox reported an unreadable version "${version}"`);
  const n = Number(m[1]) * 100 + Number(m[2]);
  const patch = Number(m[3] ?? 0);
  return {
    version,
    macObjects: n >= 402,
    diskMb: n >= 401,
    startOnBoot: n >= 405,
    vmType: n >= 406,
    pausedStatus: n > 402 || (n === 402 && patch >= 4),
  };
}

/** Whether NetBox is new enough for the push (4.0 is the oldest it targets). */
export function isSupported(version: string): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return !!m && Number(m[1]) >= 4;
}

/** A size in MB as this NetBox stores disks: MB from 4.1, whole GB (at least 1) before. */
export function diskSize(mb: number, features: NetboxFeatures): number {
  return features.diskMb ? mb : Math.max(1, Math.round(mb / 1000));
}
