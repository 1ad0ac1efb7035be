// Checks a comma-separated property string (`virtio=BC:24:…,bridge=vmbr0,tag=20`) against an apidoc
// `format` object, the way PVE::JSONSchema::parse_property_string reads it: one default-key part,
// `alias`/`keyAlias` resolution, no unknown or duplicate keys, typed values, required keys present.
import type { ApidocSchema } from './apidoc-schema';

type FormatKey = ApidocSchema & { default_key?: number; alias?: string; keyAlias?: string };

const BOOL = /^(1|0|on|off|yes|no|true|false)$/i;
const NAMED_FORMATS: Record<string, RegExp> = {
  'disk-size': /^\d+(\.\d+)?([KMGT](iB)?)?$/,
  'mac-addr': /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/,
};

function checkValue(key: string, value: string, spec: FormatKey): string | undefined {
  if (spec.type === 'integer' && !/^-?\d+$/.test(value)) return `${key}=${value}: not an integer`;
  if (spec.type === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) return `${key}=${value}: not a number`;
  if (spec.type === 'boolean' && !BOOL.test(value)) return `${key}=${value}: not a boolean`;
  if (spec.enum && !spec.enum.map(String).includes(value)) return `${key}=${value}: not in ${spec.enum.join('|')}`;
  if (spec.pattern && !new RegExp(`^(?:${spec.pattern.replace(/\(\?\^i?:/g, '(?:')})$`).test(value))
    return `${key}=${value}: pattern`;
  const named = typeof spec.format === 'string' ? NAMED_FORMATS[spec.format] : undefined;
  if (named && !named.test(value)) return `${key}=${value}: not a ${spec.format as string}`;
  return undefined;
}

/** Returns the problems of `text` under `format` (empty when it parses). */
export function checkPropertyString(text: string, format: Record<string, FormatKey>): string[] {
  const errors: string[] = [];
  const seen = new Map<string, string>();
  const defaultKey = Object.entries(format).find(([, s]) => s.default_key)?.[0];
  for (const part of text.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key = eq < 0 ? defaultKey : part.slice(0, eq);
    const value = eq < 0 ? part : part.slice(eq + 1);
    if (key === undefined) {
      errors.push(`'${part}': no default key in this format`);
      continue;
    }
    const spec = format[key];
    if (!spec) {
      errors.push(`unknown key '${key}'`);
      continue;
    }
    if (spec.alias) {
      if (spec.keyAlias) {
        if (seen.has(spec.keyAlias)) errors.push(`duplicate key '${spec.keyAlias}'`);
        seen.set(spec.keyAlias, key);
      }
      key = spec.alias;
    }
    if (seen.has(key)) errors.push(`duplicate key '${key}'`);
    seen.set(key, value);
    const problem = checkValue(key, value, format[key] ?? spec);
    if (problem) errors.push(problem);
  }
  for (const [key, spec] of Object.entries(format)) {
    if (!spec.optional && !spec.alias && !seen.has(key)) errors.push(`required key '${key}' missing`);
  }
  return errors;
}
