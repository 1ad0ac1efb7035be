import type { SyncContext } from '../context';
import type { ProxmoxStageName } from '../types';
import { syncDevices } from './devices';
import { syncStorage } from './storage';
import { syncVirtualMachines } from './virtual-machines';
import { syncTaskHistory } from './task-history';
import { syncVmDisks } from './vm-disks';
import { syncVmBackups } from './vm-backups';
import { syncVmSnapshots } from './vm-snapshots';
import { syncNodeInterfaces } from './network-interfaces';
import { syncVmInterfaces } from './vm-interfaces';
import { syncIpAddresses } from './ip-addresses';
import { syncReplications } from './replications';
import { syncBackupRoutines } from './backup-routines';

/** The twelve stages in their fixed order, by the seed's names (docs/glossary.md). */
export const STAGE_RUNNERS: Record<ProxmoxStageName, (ctx: SyncContext) => Promise<void>> = {
  devices: syncDevices,
  storage: syncStorage,
  'virtual-machines': syncVirtualMachines,
  'task-history': syncTaskHistory,
  'vm-disks': syncVmDisks,
  'vm-backups': syncVmBackups,
  'vm-snapshots': syncVmSnapshots,
  'network-interfaces': syncNodeInterfaces,
  'vm-interfaces': syncVmInterfaces,
  'ip-addresses': syncIpAddresses,
  replications: syncReplications,
  'backup-routines': syncBackupRoutines,
};
