// The NetBox releases the simulator impersonates and what differs between them. Each flag names
// the release that introduced the behaviour (release notes of NetBox 4.1–4.6).

export type NetboxVersion = '4.0' | '4.2' | '4.6';
export const NETBOX_VERSIONS: readonly NetboxVersion[] = ['4.0', '4.2', '4.6'];

export interface VersionProfile {
  version: NetboxVersion;
  /** What `/api/status/` reports as `netbox-version`. */
  full: string;
  django: string;
  python: string;
  /** MAC addresses are `dcim/mac-addresses` objects; interfaces get `primary_mac_address` and a read-only `mac_address` (4.2). */
  macObjects: boolean;
  /** Clusters are scoped by `scope_type`/`scope_id` instead of a `site` FK (4.2). */
  clusterScope: boolean;
  /** `VirtualMachine.disk` and `VirtualDisk.size` count megabytes (4.1; gigabytes before). */
  diskUnit: 'MB' | 'GB';
  /** `start_on_boot`, `owner`, v2 tokens, "Invalid v1 token" messages (4.5). */
  v45: boolean;
  /** `virtual_machine_type`, VM status `paused`, VM name unique per device without cluster (4.6). */
  v46: boolean;
}

const PROFILES: Record<NetboxVersion, VersionProfile> = {
  '4.0': {
    version: '4.0',
    full: '4.0.11',
    django: '5.0.9',
    python: '3.12.3',
    macObjects: false,
    clusterScope: false,
    diskUnit: 'GB',
    v45: false,
    v46: false,
  },
  '4.2': {
    version: '4.2',
    full: '4.2.2',
    django: '5.1.5',
    python: '3.12.3',
    macObjects: true,
    clusterScope: true,
    diskUnit: 'MB',
    v45: false,
    v46: false,
  },
  '4.6': {
    version: '4.6',
    full: '4.6.8',
    django: '5.2.9',
    python: '3.12.3',
    macObjects: true,
    clusterScope: true,
    diskUnit: 'MB',
    v45: true,
    v46: true,
  },
};

export function versionProfile(version: NetboxVersion): VersionProfile {
  const p = PROFILES[version];
  if (!p) throw new Error(`netbox simulator: unknown version ${String(version)} (use ${NETBOX_VERSIONS.join(', ')})`);
  return p;
}
