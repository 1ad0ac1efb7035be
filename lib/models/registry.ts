import type { PgTable } from 'drizzle-orm/pg-core';
import type { ModelDefinition } from './define-model';
import type { ModelMeta, RelatedMeta } from './types';
import { fastapiEndpointModel, netboxEndpointModel, proxmoxEndpointModel } from './definitions/endpoints';
import {
  proxmoxClusterModel,
  proxmoxNodeModel,
  proxmoxStorageModel,
  storageVirtualDiskModel,
} from './definitions/proxmox';
import { vmBackupModel, vmSnapshotModel, vmTaskHistoryModel } from './definitions/vm-data';
import { backupRoutineModel, replicationModel, settingsModel, syncJobModel } from './definitions/operations';
import {
  deviceModel,
  deviceRoleModel,
  deviceTypeModel,
  interfaceModel,
  manufacturerModel,
  platformModel,
  siteModel,
  tenantModel,
} from './definitions/dcim';
import {
  clusterGroupModel,
  clusterModel,
  clusterTypeModel,
  virtualDiskModel,
  virtualMachineModel,
  virtualMachineTypeModel,
  vmInterfaceModel,
} from './definitions/virtualization';
import { ipAddressModel, journalEntryModel, objectChangeModel, tagModel, vlanModel } from './definitions/ipam-extras';

/** Every model, in navigation order. Pages, forms, the API and the generic tests iterate this. */
const models: ModelDefinition[] = [
  proxmoxEndpointModel,
  netboxEndpointModel,
  fastapiEndpointModel,
  proxmoxClusterModel,
  proxmoxNodeModel,
  proxmoxStorageModel,
  storageVirtualDiskModel,
  vmBackupModel,
  vmSnapshotModel,
  vmTaskHistoryModel,
  backupRoutineModel,
  replicationModel,
  syncJobModel,
  settingsModel,
  siteModel,
  manufacturerModel,
  deviceTypeModel,
  deviceRoleModel,
  platformModel,
  deviceModel,
  interfaceModel,
  clusterTypeModel,
  clusterGroupModel,
  clusterModel,
  virtualMachineTypeModel,
  virtualMachineModel,
  vmInterfaceModel,
  virtualDiskModel,
  ipAddressModel,
  vlanModel,
  tenantModel,
  tagModel,
  journalEntryModel,
  objectChangeModel,
];

const byKey = new Map(models.map((m) => [m.meta.key, m]));
const byTable = new Map<PgTable, ModelDefinition>(models.map((m) => [m.table, m]));
const byObjectType = new Map(models.map((m) => [m.meta.objectType, m]));
let version = 0;

/** Resolves a model's foreign keys to registry keys and records them as the targets' related objects (NetBox's related objects). */
function linkForeignKeys(model: ModelDefinition): void {
  for (const field of model.meta.fields) {
    const target = model.foreignTables.get(field.key);
    if (!target) continue;
    const targetModel = byTable.get(target);
    if (!targetModel) {
      field.kind = 'integer';
      continue;
    }
    field.fk = targetModel.meta.key;
    const relation: RelatedMeta = {
      model: model.meta.key,
      field: field.key,
      label: model.meta.labelPlural,
      onDelete: (model.onDelete.get(field.key) ?? 'no action') as RelatedMeta['onDelete'],
    };
    targetModel.meta.related.push(relation);
  }
}

/** Virtual filters that name a related table show on the referenced model's detail page too. */
function linkVirtualFilters(model: ModelDefinition): void {
  for (const [key, vf] of Object.entries(model.virtualFilters)) {
    if (!vf.relatedLabel) continue;
    byKey.get(vf.fk)?.meta.related.push({
      model: model.meta.key,
      field: key,
      label: vf.relatedLabel,
      onDelete: 'no action',
      indirect: true,
    });
  }
}

for (const model of models) linkForeignKeys(model);
for (const model of models) linkVirtualFilters(model);

// Object-type columns of the change log and journal pick from the registered models.
const objectTypeChoices = models.map((m) => ({ value: m.meta.objectType, label: m.meta.label }));
for (const [model, key] of [
  [objectChangeModel, 'changedObjectType'],
  [journalEntryModel, 'assignedObjectType'],
] as const) {
  const field = model.meta.fields.find((f) => f.key === key)!;
  field.kind = 'choice';
  field.choices = objectTypeChoices;
}

/**
 * Adds a model after start-up, exactly as a line in `models` would (the tests register a
 * throwaway model this way). Its foreign keys may point only at models already registered.
 */
export function registerModel(model: ModelDefinition): void {
  if (byKey.has(model.meta.key) || byTable.has(model.table) || byObjectType.has(model.meta.objectType)) {
    throw new Error(`Model "${model.meta.key}" (or its table or object type) is already registered.`);
  }
  models.push(model);
  byKey.set(model.meta.key, model);
  byTable.set(model.table, model);
  byObjectType.set(model.meta.objectType, model);
  linkForeignKeys(model);
  linkVirtualFilters(model);
  objectTypeChoices.push({ value: model.meta.objectType, label: model.meta.label });
  version += 1;
}

/** Changes whenever a model is registered, so that caches built from the registry know to rebuild. */
export function registryVersion(): number {
  return version;
}

export function getModel(key: string): ModelDefinition | undefined {
  return byKey.get(key);
}

export function getModelByTable(table: PgTable): ModelDefinition | undefined {
  return byTable.get(table);
}

export function getModelByObjectType(objectType: string): ModelDefinition | undefined {
  return byObjectType.get(objectType);
}

export function allModels(): ModelDefinition[] {
  return models;
}

export function getMeta(key: string): ModelMeta | undefined {
  return byKey.get(key)?.meta;
}

/** The model whose rows are the change log (`changeLog: true`), if one is registered. */
export function changeLogMeta(): ModelMeta | undefined {
  return models.find((m) => m.meta.changeLog)?.meta;
}

/** Navigation order; plain data safe to hand to client components. */
export function modelMetas(): ModelMeta[] {
  return models.map((m) => m.meta);
}
