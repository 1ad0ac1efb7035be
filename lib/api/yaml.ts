// A small YAML 1.2 emitter for the OpenAPI document (`/api/schema/?format=yaml`): block
// mappings and sequences, every string and key double-quoted in JSON syntax (a valid YAML
// double-quoted scalar), so no value can be misread as a number, boolean or null.

type Value = unknown;

const scalar = (value: Value): string => (value === undefined ? 'null' : JSON.stringify(value));
const key = (name: string) =>
  /^[A-Za-z_$][\w$.-]*$/.test(name) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(name)
    ? name
    : JSON.stringify(name);
const isBlock = (value: Value) =>
  Array.isArray(value)
    ? value.length > 0
    : typeof value === 'object' && value !== null && Object.keys(value).length > 0;

function emptyOrScalar(value: Value): string {
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object' && value !== null) return '{}';
  return scalar(value);
}

function lines(value: Value, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!isBlock(item)) out.push(`${indent}- ${emptyOrScalar(item)}`);
      else {
        const nested: string[] = [];
        lines(item, `${indent}  `, nested);
        out.push(`${indent}- ${nested[0].trimStart()}`, ...nested.slice(1));
      }
    }
    return;
  }
  for (const [name, item] of Object.entries(value as Record<string, Value>)) {
    if (!isBlock(item)) out.push(`${indent}${key(name)}: ${emptyOrScalar(item)}`);
    else {
      out.push(`${indent}${key(name)}:`);
      lines(item, `${indent}  `, out);
    }
  }
}

/** `value` (JSON data: objects, arrays, strings, numbers, booleans, null) as a YAML document. */
export function toYaml(value: Value): string {
  if (!isBlock(value)) return `${emptyOrScalar(value)}\n`;
  const out: string[] = [];
  lines(value, '', out);
  return `${out.join('\n')}\n`;
}
