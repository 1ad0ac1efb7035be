// Where the official schema's `returns` is a stub (`/cluster/tasks` lists only
// `upid`, `/cluster/backup` only `id`, …), these shapes – written from the field lists in
// Proxmox's source – are checked in addition. Same dialect as apidoc, so the same validator applies.
import type { ApidocSchema } from './apidoc-schema';

const str = (optional = 0, extra: Partial<ApidocSchema> = {}): ApidocSchema => ({ type: 'string', optional, ...extra });
const int = (optional = 0): ApidocSchema => ({ type: 'integer', optional });
const bool = (optional = 0): ApidocSchema => ({ type: 'boolean', optional });
const list = (properties: Record<string, ApidocSchema>): ApidocSchema => ({
  type: 'array',
  items: { type: 'object', additionalProperties: 0, properties },
});

/** `/cluster/tasks` (pid/pstart only while running, `saved` a string). */
const clusterTasks = list({
  upid: str(),
  node: str(),
  starttime: int(),
  type: str(),
  id: str(),
  user: str(),
  tokenid: str(1),
  endtime: int(1),
  status: str(1),
  saved: str(0, { enum: ['0', '1'] }),
  pid: int(1),
  pstart: int(1),
});

/** `/cluster/backup`. */
const clusterBackup = list({
  id: str(0, { pattern: 'backup-[0-9a-f]{8}-[0-9a-f]{4}' }),
  type: str(0, { enum: ['vzdump'] }),
  schedule: str(),
  enabled: bool(),
  'next-run': int(1),
  storage: str(),
  mode: str(0, { enum: ['snapshot', 'suspend', 'stop'] }),
  all: bool(1),
  vmid: str(1, { pattern: '\\d+(,\\d+)*' }),
  pool: str(1),
  node: str(1),
  exclude: str(1, { pattern: '\\d+(,\\d+)*' }),
  compress: str(1),
  comment: str(1),
  'notes-template': str(1),
  mailnotification: str(1, { enum: ['always', 'failure'] }),
});

/** `/storage` (SectionConfig values numified; secrets never returned). */
const storage = list({
  storage: str(),
  type: str(0, { enum: ['dir', 'lvm', 'lvmthin', 'zfspool', 'nfs', 'cifs', 'pbs', 'rbd', 'cephfs', 'btrfs'] }),
  content: str(),
  digest: str(0, { pattern: '[0-9a-f]{40}' }),
  nodes: str(1),
  shared: bool(1),
  disable: bool(1),
  path: str(1),
  vgname: str(1),
  thinpool: str(1),
  pool: str(1),
  sparse: bool(1),
  server: str(1),
  export: str(1),
  options: str(1),
  datastore: str(1),
  username: str(1),
  fingerprint: str(1),
  'prune-backups': str(1),
});

/** `/nodes/{node}/replication` (config + state). */
const nodeReplication = list({
  id: str(0, { pattern: '[1-9][0-9]{2,8}-\\d{1,9}' }),
  type: str(0, { enum: ['local'] }),
  guest: int(),
  jobnum: int(),
  target: str(),
  schedule: str(1),
  rate: { type: 'number', optional: 1 },
  comment: str(1),
  disable: bool(1),
  source: str(1),
  vmtype: str(0, { enum: ['qemu', 'lxc'] }),
  next_sync: int(),
  last_sync: int(),
  last_try: int(),
  fail_count: int(),
  duration: { type: 'number', optional: 1 },
  error: str(1),
});

/** Guest agent `network-get-interfaces` – `result` holds the guest agent's own objects. */
const agentInterfaces: ApidocSchema = {
  type: 'object',
  additionalProperties: 0,
  properties: {
    result: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: 0,
        properties: {
          name: str(),
          'hardware-address': str(1, { pattern: '[0-9a-f]{2}(:[0-9a-f]{2}){5}' }),
          statistics: { type: 'object', optional: 1 },
          'ip-addresses': {
            ...list({ 'ip-address': str(), 'ip-address-type': str(0, { enum: ['ipv4', 'ipv6'] }), prefix: int() }),
            optional: 1,
          },
        },
      },
    },
  },
};

/** Supplementary shapes by path template. */
export const REFERENCE_SHAPES: Record<string, ApidocSchema> = {
  '/cluster/tasks': clusterTasks,
  '/cluster/backup': clusterBackup,
  '/storage': storage,
  '/nodes/{node}/replication': nodeReplication,
  '/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces': agentInterfaces,
};
