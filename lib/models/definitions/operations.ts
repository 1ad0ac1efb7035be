import { backupRoutines, proxboxPluginSettings, replications, syncJobs } from '@/db/schema';
import { OVERWRITE_FLAGS, SYNC_STAGES } from '@/db/schema/choices';
import {
  LOG_FILE_FOLLOW_MS,
  LOG_FILE_KEEP,
  LOG_FILE_MAX_BYTES,
  LOG_FILE_PATH_MESSAGE,
  LOG_FILE_PATH_PATTERN,
} from '@/lib/backend/log-file-config';
import { invalidRanges } from '@/lib/net/ssrf-guard';
import { validateScheduleSettings } from '@/lib/sync/jobs/schedule';
import { defineModel, humanize, type FieldOverride } from '../define-model';
import type { FieldSection } from '../types';
import { hidden } from './validators';

export const backupRoutineModel = defineModel({
  key: 'backup-routines',
  api: { path: 'plugins/proxbox/backup-routines' },
  label: 'Backup routine',
  group: 'Operations',
  objectType: 'netbox_proxbox.backuproutine',
  globalSearch: { priority: 110 },
  table: backupRoutines,
  display: (row) => String(row.name || row.jobId),
  syncOwned: true,
  fields: {
    jobId: { label: 'Job ID' },
    vmid: { label: 'VMID' },
    nodeId: { label: 'Node' },
    storageId: { label: 'Storage' },
    fleecingStorageId: { label: 'Fleecing storage' },
    bwlimit: { label: 'Bandwidth limit (KiB/s)' },
    pbsChangeDetectionMode: { label: 'PBS change detection mode' },
  },
  list: {
    columns: ['name', 'jobId', 'proxmoxEndpointId', 'enabled', 'schedule', 'nextRun', 'storageId', 'status'],
    defaultSort: { key: 'jobId', desc: false },
    search: ['name', 'jobId', 'schedule', 'comment'],
  },
});

export const replicationModel = defineModel({
  key: 'replications',
  api: { path: 'plugins/proxbox/replications' },
  label: 'Replication',
  group: 'Operations',
  objectType: 'netbox_proxbox.replication',
  globalSearch: { priority: 111 },
  table: replications,
  display: (row) => String(row.name || row.replicationId),
  syncOwned: true,
  fields: {
    replicationId: { label: 'Replication ID' },
    vmid: { label: 'VMID' },
    proxmoxNodeId: { label: 'Target node' },
    rate: { label: 'Rate (MB/s)' },
  },
  list: {
    columns: ['replicationId', 'virtualMachineId', 'proxmoxNodeId', 'target', 'schedule', 'rate', 'disable', 'status'],
    defaultSort: { key: 'replicationId', desc: false },
    search: ['name', 'replicationId', 'target', 'comment'],
  },
});

const globalOverwrites: Record<string, FieldOverride> = Object.fromEntries(
  OVERWRITE_FLAGS.map((flag) => [flag, { label: humanize(flag) }]),
);

/** The settings page's groups (the seed's settings form); any `sync*` field added later is scheduling. */
const SETTINGS_SECTIONS: FieldSection[] = [
  {
    title: 'Sync behaviour',
    fields: ['useGuestAgentInterfaceName', 'ignoreIpv6LinkLocalAddresses', 'primaryIpPreference', 'taskHistoryDays'],
  },
  {
    title: 'Scheduling',
    fields: ['syncEnabled', 'syncInterval', 'syncIntervalUnit', 'syncCron', 'syncStages', 'syncEndpoints'],
    match: '^sync[A-Z]',
  },
  { title: 'Overwrite flags', match: '^overwrite[A-Z]' },
  {
    title: 'Concurrency and timeouts',
    fields: [
      'proxboxFetchMaxConcurrency',
      'vmSyncMaxConcurrency',
      'proxmoxTimeout',
      'proxmoxMaxRetries',
      'proxmoxRetryBackoff',
      'netboxMaxConcurrent',
      'netboxMaxRetries',
      'netboxRetryDelay',
      'netboxGetCacheTtl',
      'bulkBatchSize',
      'bulkBatchDelayMs',
      'customFieldsRequestDelay',
    ],
  },
  { title: 'Deletion policy', fields: ['staleVmPolicy', 'deleteOrphans'] },
  {
    title: 'Backend and security',
    fields: [
      'ssrfProtectionEnabled',
      'allowPrivateIps',
      'additionalAllowedIpRanges',
      'explicitlyBlockedIpRanges',
      'backendLogFilePath',
    ],
  },
];

export const settingsModel = defineModel({
  key: 'settings',
  api: { path: 'plugins/proxbox/settings', name: 'ProxboxPluginSettings' },
  label: 'Plugin settings',
  labelPlural: 'Plugin settings',
  group: 'Operations',
  objectType: 'netbox_proxbox.proxboxpluginsettings',
  table: proxboxPluginSettings,
  display: () => 'Proxbox settings',
  detailPanels: ['schedule'],
  adminOnly: true,
  singleton: true,
  deletable: false,
  taggable: false,
  fields: {
    ...globalOverwrites,
    singletonKey: hidden,
    syncInterval: {
      label: 'Sync interval',
      min: 1,
      max: 527040,
      help: 'In the unit below; from 5 minutes to 366 days. Ignored when a cron expression is set.',
    },
    syncIntervalUnit: { label: 'Sync interval unit' },
    syncCron: {
      label: 'Sync cron expression',
      help: 'Five fields, in UTC (for example 0 3 * * * for 03:00 every day); replaces the interval. Empty: use the interval.',
    },
    // Stored as comma-separated text (read by lib/sync/jobs/scheduler.ts and the API); edited as sets.
    syncStages: {
      label: 'Scheduled stages',
      help: 'Tick none to run all stages.',
      multiChoices: SYNC_STAGES.map((stage) => ({ value: stage, label: stage })),
      emptyLabel: 'all stages',
    },
    syncEndpoints: {
      label: 'Scheduled endpoints',
      help: 'Tick none to sync every enabled endpoint.',
      multiFk: 'proxmox-endpoints',
      emptyLabel: 'every enabled endpoint',
    },
    proxboxFetchMaxConcurrency: { min: 1, max: 64 },
    netboxMaxConcurrent: {
      label: 'NetBox max concurrent',
      min: 1,
      max: 64,
      help: 'Requests the NetBox push keeps in flight at once, per NetBox endpoint.',
    },
    netboxMaxRetries: {
      label: 'NetBox max retries',
      min: 0,
      max: 10,
      help: 'Retries of a NetBox request that failed with a network error, a timeout, 429 or 5xx. Only reads and updates/deletes by id are retried; creates never are.',
    },
    netboxRetryDelay: {
      label: 'NetBox retry delay (s)',
      min: 0,
      max: 60,
      help: 'Delay before the first retry; it doubles with each further retry.',
    },
    netboxGetCacheTtl: {
      label: 'NetBox status cache (s)',
      min: 0,
      max: 3600,
      help: 'How long the answer of a NetBox /api/status/ read (version, reachability) is reused by the push and the status panel. 0 = read it every time.',
    },
    bulkBatchDelayMs: {
      label: 'Bulk batch delay (ms)',
      min: 0,
      max: 60000,
      help: 'Pause between two bulk write requests to NetBox; 0 unless the NetBox must be spared.',
    },
    customFieldsRequestDelay: {
      label: 'Custom field request delay (s)',
      min: 0,
      max: 60,
      help: "Pause between the writes that create the push's custom field definitions in NetBox.",
    },
    vmSyncMaxConcurrency: { min: 1, max: 64 },
    bulkBatchSize: {
      min: 1,
      max: 1000,
      help: 'Objects per bulk create/update/delete request to NetBox (NetBox caps a page at 1000).',
    },
    proxmoxTimeout: { label: 'Proxmox timeout (s)', min: 1, max: 600 },
    taskHistoryDays: { min: 1, max: 3650 },
    primaryIpPreference: { label: 'Primary IP preference' },
    ssrfProtectionEnabled: { label: 'SSRF protection enabled' },
    ignoreIpv6LinkLocalAddresses: { label: 'Ignore IPv6 link-local addresses' },
    backendLogFilePath: {
      label: 'Backend log file',
      help: `Absolute path of the file the backend appends its log to, rotated at ${LOG_FILE_MAX_BYTES / 1024 / 1024} MiB with ${LOG_FILE_KEEP} older files kept (.1 … .${LOG_FILE_KEEP}); the server needs write access to the file and its directory. A change applies within ${LOG_FILE_FOLLOW_MS / 1000} seconds, without a restart. Empty: no log file (the log stays in memory only, at /admin/logs).`,
      pattern: LOG_FILE_PATH_PATTERN,
      patternMessage: LOG_FILE_PATH_MESSAGE,
    },
  },
  fieldSections: SETTINGS_SECTIONS,
  list: { columns: ['syncEnabled', 'syncInterval', 'staleVmPolicy', 'deleteOrphans'], search: [] },
  validate: (values) => ({ ...validateScheduleSettings(values), ...validateIpRangeSettings(values) }),
});

export const syncJobModel = defineModel({
  key: 'sync-jobs',
  api: { path: 'plugins/proxbox/sync-jobs' },
  label: 'Sync job',
  group: 'Operations',
  objectType: 'netbox_proxbox.syncjob',
  table: syncJobs,
  display: (row) => `Sync #${row.id} (${row.kind})`,
  detailPanels: ['sync-progress', 'netbox-push-result', 'sync-preview'],
  creatable: false,
  deletable: true,
  taggable: false,
  syncOwned: true,
  userFields: [],
  list: {
    columns: ['id', 'kind', 'status', 'requestedBy', 'created', 'startedAt', 'finishedAt', 'errorCount'],
    defaultSort: { key: 'created', desc: true },
    search: ['requestedBy', 'error'],
  },
});

/** The SSRF range lists hold one IP address or CIDR per line; anything else would be silently ignored. */
function validateIpRangeSettings(values: Record<string, unknown>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const key of ['additionalAllowedIpRanges', 'explicitlyBlockedIpRanges']) {
    const bad = typeof values[key] === 'string' ? invalidRanges(values[key]) : [];
    if (bad.length > 0)
      errors[key] = [
        `Not an IP address or CIDR range: ${bad.slice(0, 5).join(', ')}. Enter one per line, e.g. 10.20.0.0/16 or 2001:db8::/48.`,
      ];
  }
  return errors;
}
