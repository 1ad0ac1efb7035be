import type { DomainInfo } from './types';

/** Legend order; also the order domains are laid out in. */
export const DOMAINS: DomainInfo[] = [
  { key: 'endpoints', label: 'Endpoints' },
  { key: 'infrastructure', label: 'Infrastructure' },
  { key: 'vm-data', label: 'VM data' },
  { key: 'operational', label: 'Operational' },
  { key: 'netbox-core', label: 'NetBox core' },
  { key: 'backend', label: 'Backend (SQLite)' },
];
