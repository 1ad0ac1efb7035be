// Guests as the simulator models them: config-level facts plus live counters.

/** Guest kind, as in `/cluster/resources` `type`. */
export type GuestType = 'qemu' | 'lxc';

/** Power state as the list endpoints report it. */
export type GuestStatus = 'running' | 'stopped';

/** A snapshot; `parent` links the chain (the API's `current` entry is derived, not stored). */
export interface Snapshot {
  name: string;
  snaptime: number;
  description: string;
  parent?: string;
  /** qemu only: RAM included. */
  vmstate?: boolean;
}

/** A guest NIC; IPs are what the guest really uses (agent / CT interfaces report them). */
export interface GuestNic {
  index: number;
  /** qemu NIC model (virtio, e1000, vmxnet3, rtl8139); `veth` for containers. */
  model: string;
  /** MAC as written in the config (PVE writes upper case; imported VMs may be lower case). */
  mac: string;
  bridge: string;
  tag?: number;
  firewall: boolean;
  /** Interface name inside the guest (ens18, eth0, Ethernet 2 …). */
  guestName: string;
  ip4?: string;
  gw4?: string;
  ip6?: string;
  gw6?: string;
}

/** A qemu drive line (`scsi0`, `efidisk0`, `ide2` CD-ROM, `unused0`). */
export interface QemuDisk {
  /** Config key: scsi0, virtio1, sata0, ide2, efidisk0, tpmstate0. */
  key: string;
  /** Volume id, `none` (empty CD drive) or an ISO volume. */
  file: string;
  sizeBytes?: number;
  media?: 'cdrom';
  /** Extra options after the volume, already in Proxmox print order (alphabetical, size last-ish). */
  options: [string, string][];
}

/** `rootfs` or an `mpN` mount point (volume or bind mount). */
export interface LxcVolume {
  key: string;
  /** Volume id, or a host path for bind mounts. */
  volume: string;
  mountPath?: string;
  sizeBytes?: number;
  backup?: boolean;
}

/** Live counters (zero while stopped). */
export interface GuestRuntime {
  cpu: number;
  memUsed: number;
  uptime: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
  pid: number;
  /** Used rootfs bytes (containers report it, VMs report 0). */
  diskUsed: number;
}

interface GuestBase {
  vmid: number;
  name: string;
  node: string;
  status: GuestStatus;
  template: boolean;
  tags: string[];
  pool?: string;
  onboot: boolean;
  cores: number;
  memoryMiB: number;
  cpulimit?: number;
  description?: string;
  lock?: string;
  /** HA state (`started`) when the guest is HA-managed. */
  hastate?: string;
  snapshots: Snapshot[];
  /**
   * Set after a rollback to a snapshot that was then deleted: Proxmox drops `parent` from the
   * config (and from `current` in the snapshot list) although other snapshots remain.
   */
  currentDetached?: boolean;
  nics: GuestNic[];
  runtime: GuestRuntime;
  ctime: number;
}

/** A virtual machine. */
export interface QemuGuest extends GuestBase {
  type: 'qemu';
  sockets: number;
  cpu: string;
  ostype: string;
  bios: 'seabios' | 'ovmf';
  machine?: string;
  scsihw: string;
  balloonMiB?: number;
  disks: QemuDisk[];
  /** `agent` config and whether the agent inside the guest answers. */
  agent?: { enabled: boolean; fstrim: boolean; responding: boolean };
  cloudInit?: { user: string; nameserver?: string; sshKeys?: string[] };
  smbiosUuid: string;
  vmgenid: string;
  /** The guest runs docker (an extra docker0 interface for the agent to report). */
  docker: boolean;
}

/** A container. */
export interface LxcGuest extends GuestBase {
  type: 'lxc';
  ostype: string;
  swapMiB: number;
  unprivileged: boolean;
  volumes: LxcVolume[];
}

/** Any guest; narrow on `type`. */
export type Guest = QemuGuest | LxcGuest;
