// Reusable field rules (serializable patterns) and cross-field checks for model definitions.
import type { FieldOverride } from '../define-model';

/** FQDN, single-label hostname or `localhost` (the seed's DomainField). */
export const domainField: FieldOverride = {
  pattern:
    '^(?=.{1,253}$)(localhost|[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)$',
  patternMessage: 'Enter a valid domain name or hostname (for example pve1.example.com).',
};
export const slugField: FieldOverride = {
  pattern: '^[-a-zA-Z0-9_]+$',
  patternMessage: 'Enter a valid slug: letters, numbers, underscores or hyphens.',
};
export const colorField: FieldOverride = {
  pattern: '^[0-9a-fA-F]{6}$',
  patternMessage: 'Enter a 6-digit hex colour such as 9e9e9e.',
};
export const portField: FieldOverride = { min: 1, max: 65535 };
export const macField: FieldOverride = {
  pattern: '^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$',
  patternMessage: 'Enter a MAC address such as BC:24:11:00:00:01.',
};
export const secretField: FieldOverride = { kind: 'secret' };
export const hidden: FieldOverride = { hidden: true, readOnly: true };

/** The seed's EndpointBase.clean(): an endpoint needs a domain or an IP address. */
export function requireDomainOrIp(values: Record<string, unknown>): Record<string, string[]> {
  const hasDomain = typeof values.domain === 'string' && values.domain.trim() !== '';
  const hasIp = values.ipAddressId !== null && values.ipAddressId !== undefined && values.ipAddressId !== '';
  return hasDomain || hasIp ? {} : { domain: ['Either a domain or an IP address is required.'] };
}

/** NetBox's `__str__` for named models. */
export const byName = (row: Record<string, unknown>) => String(row.name);
/** List layout shared by the organizational models (name, slug, description). */
export const orgList = {
  columns: ['name', 'slug', 'description'],
  defaultSort: { key: 'name', desc: false },
  search: ['name', 'slug', 'description'],
} as const;
