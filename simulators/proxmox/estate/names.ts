// Vocabulary of the generated estate. Names are DNS-safe (qemu `name` is a dns-name).

/** Roles guests are named after (`web-007`). */
export const ROLES = [
  'web',
  'db',
  'app',
  'cache',
  'proxy',
  'mail',
  'api',
  'queue',
  'search',
  'build',
  'ci-runner',
  'k8s-worker',
  'k8s-master',
  'mon',
  'log',
  'vpn',
  'files',
  'ldap',
] as const;

/**
 * Names that occur in several clusters on purpose (templates and infrastructure guests every
 * site has); a sync must key guests by (cluster, vmid), never by name.
 */
export const SHARED_NAMES = ['ubuntu-2404-template', 'dns01', 'bastion', 'monitoring', 'backup-proxy', 'ntp'] as const;

/** Tag sets by role family; Proxmox sends them `;`-joined. */
export const TAG_SETS: readonly (readonly string[])[] = [
  ['prod', 'web'],
  ['prod', 'db'],
  ['prod'],
  ['staging'],
  ['dev'],
  ['k8s', 'prod'],
  [],
  [],
  [],
];

/** Windows ostypes (Server 2022/2025 use win11, 2012 R2 win8 – PVE has no server-specific values). */
export const WINDOWS_OSTYPES = ['win10', 'win11', 'win11', 'win8'] as const;
/** Container ostypes (values of the schema's enum; Rocky/Alma run as `centos`). */
export const LXC_OSTYPES = ['debian', 'debian', 'ubuntu', 'alpine', 'centos'] as const;

/** Host CPUs the nodes get (model string as /proc/cpuinfo has it). */
export const CPU_MODELS = [
  { model: 'AMD EPYC 7443P 24-Core Processor', cores: 24, mhz: '2850.000' },
  { model: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz', cores: 32, mhz: '2000.000' },
  { model: 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz', cores: 16, mhz: '2400.000' },
  { model: 'AMD EPYC 9254 24-Core Processor', cores: 24, mhz: '2900.000' },
] as const;

/** ISO images on `local` and `nfs-shared`, with their real sizes. */
export const ISO_FILES = [
  { name: 'debian-12.5.0-amd64-netinst.iso', size: 659554304 },
  { name: 'ubuntu-24.04-live-server-amd64.iso', size: 2754981888 },
  { name: 'Win2022_EVAL_x64.ISO', size: 5323161600 },
  { name: 'virtio-win-0.1.248.iso', size: 629655552 },
] as const;

/** Container templates on `local` (note the `tzst`/`txz` format strings, not `tar.zst`). */
export const CT_TEMPLATES = [
  { name: 'debian-12-standard_12.7-1_amd64.tar.zst', format: 'tzst', size: 126391500 },
  { name: 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst', format: 'tzst', size: 141073289 },
  { name: 'alpine-3.20-default_20240908_amd64.tar.xz', format: 'txz', size: 3134396 },
] as const;

/** Task types that show up in a guest's history besides start/snapshot/backup (qemu, then lxc). */
export const QEMU_MISC_TASKS = ['qmshutdown', 'qmreboot', 'vncproxy', 'qmstop', 'qmmove', 'resize'] as const;
export const LXC_MISC_TASKS = ['vzshutdown', 'vzreboot', 'vncproxy', 'vzstop', 'resize'] as const;

/** Error texts of failed tasks (the `status` of a finished task is the error message). */
export const TASK_ERRORS = [
  "command 'ifreload -a' failed: exit code 1",
  'VM quit/powerdown failed - got timeout',
  'job errors',
  "can't lock file '/var/lock/qemu-server/lock-{vmid}.conf' - got timeout",
] as const;
