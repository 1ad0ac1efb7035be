// A validator for the JSON-schema dialect of Proxmox's apidoc.js (PVE::JSONSchema): types
// object/array/string/integer/number/boolean/null, `properties` (with `net[n]`-style keys),
// `items`, `optional`, `additionalProperties`, `enum`, `pattern`, `minimum`/`maximum`,
// `minLength`/`maxLength`, `requires`, and property-string `format` objects. Booleans are 0/1.
import { checkPropertyString } from './property-string';

/** One node of the apidoc schema tree. */
export interface ApidocSchema {
  type?: string;
  optional?: number;
  properties?: Record<string, ApidocSchema>;
  items?: ApidocSchema;
  additionalProperties?: number | ApidocSchema;
  enum?: (string | number)[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  requires?: string;
  format?: string | Record<string, ApidocSchema & { default_key?: number; alias?: string; keyAlias?: string }>;
  default_key?: number;
  alias?: string;
  keyAlias?: string;
}

/** Lets a caller accept a documented deviation at a location (`[].vmid`, `memory`, …). */
export type Allowance = (location: string, value: unknown, schema: ApidocSchema) => boolean;

/** Converts a Perl regex as found in apidoc (`(?^:…)`, `(?^i:…)`) to an anchored JS RegExp. */
export function perlPattern(pattern: string): RegExp {
  const flags = /\(\?\^i:/.test(pattern) ? 'i' : '';
  return new RegExp(`^(?:${pattern.replace(/\(\?\^i?:/g, '(?:')})$`, flags);
}

/** Regex for a property name; `net[n]` matches `net0`, `net31`. */
function keyMatcher(name: string): RegExp {
  return new RegExp(
    `^${name
      .replace(/[.*+?^${}()|\\]/g, '\\$&')
      .replace('\\[n\\]', '\\d+')
      .replace('[n]', '\\d+')}$`,
  );
}

function typeOk(value: unknown, type: string | undefined): boolean {
  switch (type) {
    case undefined:
      return true;
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return value === 0 || value === 1;
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function checkScalar(value: unknown, schema: ApidocSchema, at: string, errors: string[]): void {
  if (schema.enum && !schema.enum.includes(value as string | number))
    errors.push(`${at}: ${JSON.stringify(value)} not in enum ${schema.enum.join('|')}`);
  if (typeof value === 'string') {
    if (schema.pattern && !perlPattern(schema.pattern).test(value))
      errors.push(`${at}: "${value}" does not match /${schema.pattern}/`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      errors.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.minLength !== undefined && value.length < schema.minLength)
      errors.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.format && typeof schema.format === 'object')
      errors.push(...checkPropertyString(value, schema.format).map((e) => `${at}: ${e}`));
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      errors.push(`${at}: ${value} < minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      errors.push(`${at}: ${value} > maximum ${schema.maximum}`);
  }
}

function checkObject(
  value: Record<string, unknown>,
  schema: ApidocSchema,
  loc: string,
  allow: Allowance,
  errors: string[],
): void {
  const props = schema.properties ?? {};
  const matchers = Object.entries(props).map(([name, sub]) => ({ name, sub, re: keyMatcher(name) }));
  for (const { name, sub } of matchers) {
    if (name.includes('[n]')) continue;
    if (value[name] === undefined && !sub.optional) {
      const at = loc ? `${loc}.${name}` : name;
      if (!allow(at, undefined, sub)) errors.push(`${at}: required property missing`);
    }
    if (value[name] !== undefined && sub.requires && value[sub.requires] === undefined)
      errors.push(`${loc}.${name}: requires '${sub.requires}'`);
  }
  for (const [key, v] of Object.entries(value)) {
    const at = loc ? `${loc}.${key}` : key;
    const m = matchers.find((x) => x.name === key) ?? matchers.find((x) => x.re.test(key));
    if (m) walk(v, m.sub, at, allow, errors);
    else if (typeof schema.additionalProperties === 'object') walk(v, schema.additionalProperties, at, allow, errors);
    else if (schema.additionalProperties === 0 && schema.properties)
      errors.push(`${at}: property not defined in schema`);
  }
}

function walk(value: unknown, schema: ApidocSchema, loc: string, allow: Allowance, errors: string[]): void {
  if (!typeOk(value, schema.type)) {
    if (!allow(loc, value, schema))
      errors.push(`${loc || '(root)'}: expected ${schema.type}, got ${JSON.stringify(value)?.slice(0, 80)}`);
    return;
  }
  if (schema.type === 'object') checkObject(value as Record<string, unknown>, schema, loc, allow, errors);
  else if (schema.type === 'array' && schema.items)
    (value as unknown[]).forEach((item) => walk(item, schema.items!, `${loc}[]`, allow, errors));
  else checkScalar(value, schema, loc || '(root)', errors);
}

/** Validates `value` (the response's `data`) against a `returns` schema; returns the error list. */
export function validateApidoc(value: unknown, schema: ApidocSchema, allow: Allowance = () => false): string[] {
  const errors: string[] = [];
  walk(value, schema, '', allow, errors);
  return errors;
}
