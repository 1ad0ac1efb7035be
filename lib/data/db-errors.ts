import type { ModelDefinition } from '@/lib/models/define-model';
import { snakeCase } from '@/lib/models/define-model';
import { AppError, validationError } from './errors';

// NetBox's wording for the constraints people hit most; other unique indexes get a generic message.
const CONSTRAINT_MESSAGES: Record<string, string> = {
  vms_name_cluster_tenant_uniq: 'Virtual machine name must be unique per cluster and tenant.',
  vms_name_cluster_uniq: 'Virtual machine name must be unique per cluster.',
  vms_name_device_tenant_uniq: 'Virtual machine name must be unique per device and tenant.',
  vms_name_device_uniq: 'Virtual machine name must be unique per device.',
  devices_name_site_tenant_uniq: 'Device name must be unique per site and tenant.',
  devices_name_site_uniq: 'Device name must be unique per site.',
  device_roles_toplevel_name_uniq: 'A top-level device role with this name already exists.',
  device_roles_toplevel_slug_uniq: 'A top-level device role with this slug already exists.',
  fastapi_endpoints_singleton_uniq: 'Only one FastAPI endpoint may exist; edit the existing one.',
  plugin_settings_singleton_uniq: 'The settings already exist; edit them instead.',
};

interface DriverError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
}

function driverError(err: unknown): DriverError | null {
  let current: unknown = err;
  // Drizzle wraps driver errors; walk the cause chain to the one carrying a SQLSTATE.
  for (let i = 0; i < 4 && current && typeof current === 'object'; i++) {
    const e = current as DriverError & { cause?: unknown };
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e;
    current = e.cause;
  }
  return null;
}

/** Field keys named in a PostgreSQL detail such as `Key (lower(name::text), cluster_id)=(...)`. */
function fieldsInDetail(model: ModelDefinition, detail: string | undefined): string[] {
  const keyPart = /Key \((.*?)\)=/.exec(detail ?? '')?.[1] ?? '';
  const words = new Set(keyPart.match(/[a-z_][a-z0-9_]*/g) ?? []);
  return model.meta.fields.filter((f) => words.has(snakeCase(f.key))).map((f) => f.key);
}

/** Maps constraint violations to the AppError a user can act on; rethrows anything else. */
export function mapDbError(model: ModelDefinition, err: unknown): never {
  const e = driverError(err);
  if (!e) throw err;
  const label = model.meta.label;
  if (e.code === '23505') {
    const custom = e.constraint ? CONSTRAINT_MESSAGES[e.constraint] : undefined;
    const keys = fieldsInDetail(model, e.detail);
    if (custom && model.meta.singleton) throw new AppError('conflict', custom, { nonFieldErrors: [custom] });
    if (custom) throw validationError({ nonFieldErrors: [custom] });
    if (keys.length === 1) {
      const field = model.meta.fields.find((f) => f.key === keys[0])!;
      throw validationError({ [keys[0]]: [`${label} with this ${field.label.toLowerCase()} already exists.`] });
    }
    const names = keys.map((k) => model.meta.fields.find((f) => f.key === k)!.label.toLowerCase());
    throw validationError({
      nonFieldErrors: [`${label} with this ${names.join(' and ') || 'identity'} already exists.`],
    });
  }
  if (e.code === '23503') {
    const keys = fieldsInDetail(model, e.detail);
    if (keys.length > 0 && /is not present in table/.test(e.detail ?? '')) {
      throw validationError({ [keys[0]]: ['Select a valid choice. That object does not exist.'] });
    }
    throw new AppError('conflict', `Cannot delete this ${label.toLowerCase()}: other objects still depend on it.`);
  }
  if (e.code === '23502') {
    const key = model.meta.fields.find((f) => snakeCase(f.key) === e.column)?.key ?? 'nonFieldErrors';
    throw validationError({ [key]: ['This field is required.'] });
  }
  if (e.code === '22003' || e.code === '22001')
    throw validationError({ nonFieldErrors: ['A value is out of range or too long.'] });
  throw err;
}
