// Every model the simulator serves, keyed by its API path below /api/ (`app/model-plural`).
import type { VersionProfile } from '../versions';
import { deviceRoles, deviceTypes, devices, interfaces, macAddresses, manufacturers, platforms, sites } from './dcim';
import { customFields, TAGGED_ENDPOINTS, tags } from './extras';
import { ipAddresses } from './ipam';
import { tenants } from './tenancy';
import type { ModelSpec } from './types';
import {
  clusterGroups,
  clusters,
  clusterTypes,
  virtualDisks,
  virtualMachines,
  virtualMachineTypes,
  vmInterfaces,
} from './virtualization';

const ALL: ModelSpec[] = [
  tags,
  customFields,
  tenants,
  sites,
  manufacturers,
  deviceTypes,
  deviceRoles,
  platforms,
  devices,
  interfaces,
  macAddresses,
  clusterTypes,
  clusterGroups,
  clusters,
  virtualMachineTypes,
  virtualMachines,
  vmInterfaces,
  virtualDisks,
  ipAddresses,
];
for (const m of ALL) if (m.tagged) TAGGED_ENDPOINTS.push(m.endpoint);

/** The models a release has, with only the fields that release has. */
export function modelsFor(p: VersionProfile): Map<string, ModelSpec> {
  const out = new Map<string, ModelSpec>();
  for (const m of ALL) {
    if (m.when && !m.when(p)) continue;
    const seen = new Set<string>();
    const fields = m.fields.filter(([name, f]) => {
      if ((f.when && !f.when(p)) || seen.has(name)) return false;
      seen.add(name);
      return true;
    });
    out.set(m.endpoint, { ...m, fields });
  }
  return out;
}
