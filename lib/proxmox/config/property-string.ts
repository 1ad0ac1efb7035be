import { fail, ok, type ParseResult } from './result';
import { describe } from './scalars';

/** Keys and raw values of a property string, in the order they were written. */
export type PropertyMap = ReadonlyMap<string, string>;

const KEYED_PART = /^([^=]+)=(.+)$/;

/**
 * Splits a PVE property string (`local-lvm:vm-100-disk-0,size=32G,ssd=1`) into an ordered
 * key/value map, following `parse_property_string` in pve-common's JSONSchema.pm:
 * parts are separated by `,` (commas cannot be escaped), whitespace-only parts are skipped,
 * a part without `=` is the value of `defaultKey` (allowed once), `k=` or `=v` is an error,
 * and a repeated key is an error. Values stay raw strings: booleans, numbers, aliases and
 * URL-encoded values are interpreted by the format-specific parsers, which know the schema.
 */
export function parsePropertyString(text: string, defaultKey?: string): ParseResult<PropertyMap> {
  if (typeof text !== 'string') return fail(`property string expected, got ${describe(text)}`);
  const result = new Map<string, string>();
  for (const part of text.split(',')) {
    if (/^\s*$/.test(part)) continue;
    const keyed = KEYED_PART.exec(part);
    let key: string;
    let value: string;
    if (keyed) {
      key = keyed[1];
      value = keyed[2];
    } else if (!part.includes('=')) {
      if (defaultKey === undefined) {
        return fail(`value without key, but the format has no default key: ${describe(part)}`);
      }
      key = defaultKey;
      value = part;
    } else {
      return fail(`missing key or value in ${describe(part)}`);
    }
    if (result.has(key)) return fail(`duplicate key '${key}'`);
    result.set(key, value);
  }
  return ok(result);
}

/**
 * Everything in `map` whose key is not in `handled`, as a plain record (built with
 * `Object.fromEntries`, so a key such as `__proto__` stays an ordinary property).
 */
export function remainingOptions(map: PropertyMap, handled: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries([...map].filter(([key]) => !handled.has(key)));
}
