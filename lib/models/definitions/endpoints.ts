import { fastapiEndpoints, netboxEndpoints, proxmoxEndpoints } from '@/db/schema';
import { OVERWRITE_FLAGS } from '@/db/schema/choices';
import { defineModel, humanize, type FieldOverride } from '../define-model';
import { domainField, hidden, portField, requireDomainOrIp, secretField } from './validators';

const endpointDisplay = (row: Record<string, unknown>) => String(row.name || row.domain || `Endpoint #${row.id}`);

/** Where an endpoint's secrets go: host name, IP address and port, and the scheme (Proxmox's is always HTTPS). */
const ENDPOINT_HOST = ['domain', 'ipAddressId', 'port'] as const;
const ENDPOINT_ADDRESS = ['useHttps', ...ENDPOINT_HOST] as const;

const overwriteLabels: Record<string, FieldOverride> = Object.fromEntries(
  OVERWRITE_FLAGS.map((flag) => [flag, { label: humanize(flag), kind: 'nullboolean' as const }]),
);

export const proxmoxEndpointModel = defineModel({
  key: 'proxmox-endpoints',
  api: { path: 'plugins/proxbox/endpoints/proxmox' },
  label: 'Proxmox endpoint',
  group: 'Endpoints',
  objectType: 'netbox_proxbox.proxmoxendpoint',
  globalSearch: { priority: 100 },
  proxmoxWebUi: 'datacenter',
  table: proxmoxEndpoints,
  display: endpointDisplay,
  detailPanels: ['sync-actions', 'backend-copy'],
  adminOnly: true,
  addressFields: ENDPOINT_HOST,
  fields: {
    ...overwriteLabels,
    domain: domainField,
    port: portField,
    password: secretField,
    tokenValue: { ...secretField, label: 'Token value' },
    tokenName: {
      help: 'API token id, e.g. "proxbox" for root@pam!proxbox.',
      pattern: '^[A-Za-z][A-Za-z0-9._-]*$|^$',
      patternMessage: 'A token id starts with a letter and holds letters, digits, ".", "_" or "-".',
    },
    username: { pattern: '^[^\\s@]+@[^\\s@]+$', patternMessage: 'Use the user@realm form, for example root@pam.' },
    mode: { readOnly: true, help: 'Set by the sync.' },
    version: { readOnly: true, label: 'Version', help: 'PVE version, set by the sync.' },
    repoid: { readOnly: true, label: 'Repository ID' },
    verifySsl: { label: 'Verify SSL', help: 'Off by default: most Proxmox clusters use self-signed certificates.' },
    caCertificate: { label: 'CA certificate (PEM)', help: 'Trusted when Verify SSL is on.' },
    timeout: { help: 'Seconds; empty = the global default.', min: 1, max: 600 },
    maxRetries: { min: 0, max: 10 },
    retryBackoff: { min: 0, max: 60 },
    ipAddressId: { label: 'IP address' },
    staleVmPolicy: {
      label: 'Stale VM policy',
      help: 'What a sync does with a guest gone from Proxmox: mark it offline and stale, or delete it. Empty: the plugin settings decide.',
    },
    deleteOrphans: {
      label: 'Delete orphans',
      kind: 'nullboolean',
      help: 'Delete guests gone from Proxmox that Proxbox created, whatever the stale VM policy. Empty: the plugin settings decide.',
    },
  },
  list: {
    columns: ['name', 'domain', 'port', 'mode', 'version', 'username', 'tokenName', 'verifySsl', 'enabled'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'domain', 'username', 'tokenName', 'description'],
  },
  validate: requireDomainOrIp,
  outboundTarget: true,
});

export const netboxEndpointModel = defineModel({
  key: 'netbox-endpoints',
  api: { path: 'plugins/proxbox/endpoints/netbox', name: 'NetBoxEndpoint' },
  label: 'NetBox endpoint',
  group: 'Endpoints',
  objectType: 'netbox_proxbox.netboxendpoint',
  globalSearch: { priority: 101 },
  table: netboxEndpoints,
  display: endpointDisplay,
  detailPanels: ['netbox-push', 'backend-copy'],
  adminOnly: true,
  addressFields: ENDPOINT_ADDRESS,
  fields: {
    domain: domainField,
    port: portField,
    token: { ...secretField, label: 'Token (v1)' },
    tokenSecret: { ...secretField, label: 'Token secret (v2)' },
    tokenKey: { label: 'Token key (v2)' },
    useHttps: {
      label: 'Use HTTPS',
      help: 'Off only for a NetBox served over plain HTTP; the token then crosses the network unencrypted.',
    },
    verifySsl: { label: 'Verify SSL', help: 'Check the NetBox certificate (against the CA below when one is given).' },
    caCertificate: {
      label: 'CA certificate (PEM)',
      help: 'Trusted when Verify SSL is on, for a NetBox with a private CA.',
    },
    ipAddressId: { label: 'IP address' },
  },
  list: {
    columns: ['name', 'domain', 'port', 'useHttps', 'tokenVersion', 'verifySsl', 'enabled'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'domain', 'description'],
  },
  validate: requireDomainOrIp,
  outboundTarget: true,
});

export const fastapiEndpointModel = defineModel({
  key: 'fastapi-endpoints',
  api: { path: 'plugins/proxbox/endpoints/fastapi', name: 'FastAPIEndpoint' },
  label: 'FastAPI endpoint',
  group: 'Endpoints',
  objectType: 'netbox_proxbox.fastapiendpoint',
  table: fastapiEndpoints,
  display: endpointDisplay,
  singleton: true,
  deletable: true,
  adminOnly: true,
  addressFields: ENDPOINT_ADDRESS,
  fields: {
    singletonKey: hidden,
    domain: domainField,
    port: portField,
    websocketPort: portField,
    backendToken: { ...secretField, label: 'Backend token' },
    verifySsl: { label: 'Verify SSL' },
    useHttps: { label: 'Use HTTPS' },
    websocketUrl: { label: 'WebSocket URL' },
    ipAddressId: { label: 'IP address' },
  },
  list: {
    columns: ['name', 'domain', 'port', 'useHttps', 'verifySsl', 'websocketUrl', 'enabled'],
    defaultSort: { key: 'name', desc: false },
    search: ['name', 'domain'],
  },
  validate: requireDomainOrIp,
  outboundTarget: true,
});
