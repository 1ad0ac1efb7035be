import { fail, ok, type ParseResult } from './result';

// Scalar readers shared by the property-string parsers. They follow PVE::JSONSchema's checks
// (`parse_boolean`, `is_integer`, `is_number`) but also accept what the JSON API sends: real
// numbers and booleans where the Perl side numified a value.

const TRUE_WORDS = /^(1|on|yes|true)$/i;
const FALSE_WORDS = /^(0|off|no|false)$/i;
// `is_number` in PVE::JSONSchema.
const DECIMAL = /^[+-]?(\d+\.\d+|\d+\.|\.\d+|\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a PVE boolean: `1|0|on|off|yes|no|true|false` (any case), JSON `true/false` or `0/1`.
 * Mirrors `parse_boolean` in pve-common, so `ssd=on` and `firewall=1` mean the same thing.
 */
export function parseBoolean(value: unknown): ParseResult<boolean> {
  if (typeof value === 'boolean') return ok(value);
  if (typeof value === 'number') {
    if (value === 1) return ok(true);
    if (value === 0) return ok(false);
    return fail(`invalid boolean: ${value}`);
  }
  if (typeof value !== 'string') return fail('invalid boolean: not a string');
  if (TRUE_WORDS.test(value)) return ok(true);
  if (FALSE_WORDS.test(value)) return ok(false);
  return fail(`invalid boolean: '${value}'`);
}

/** Inclusive bounds for integer and number checks. */
export interface Bounds {
  min?: number;
  max?: number;
}

function checkBounds(n: number, label: string, bounds: Bounds): ParseResult<number> {
  if (bounds.min !== undefined && n < bounds.min) return fail(`${label} must be at least ${bounds.min}`);
  if (bounds.max !== undefined && n > bounds.max) return fail(`${label} must be at most ${bounds.max}`);
  return ok(n);
}

/**
 * Reads an integer written as a decimal string (`"2048"`) or sent as a JSON number, within bounds.
 * PVE sends some integers as strings (e.g. qemu `memory` since 8.1), so both forms are accepted.
 */
export function parseInteger(value: unknown, label: string, bounds: Bounds = {}): ParseResult<number> {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) n = Number(value);
  else return fail(`${label} is not an integer: ${describe(value)}`);
  if (!Number.isSafeInteger(n)) return fail(`${label} is not a safe integer: ${describe(value)}`);
  return checkBounds(n, label, bounds);
}

/** Reads a decimal number (`"12.5"`, `".5"`, `7`), within bounds; PVE's `number` type (e.g. NIC `rate`). */
export function parseDecimal(value: unknown, label: string, bounds: Bounds = {}): ParseResult<number> {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && DECIMAL.test(value)) n = Number(value);
  else return fail(`${label} is not a number: ${describe(value)}`);
  if (!Number.isFinite(n)) return fail(`${label} is not a finite number: ${describe(value)}`);
  return checkBounds(n, label, bounds);
}

/**
 * Decodes a value PVE stores URL-encoded (drive `serial`, ide `model`, `sshkeys`). A malformed
 * escape is returned unchanged: the raw text is still the best description of the value.
 */
export function decodeUrlEncoded(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Short, bounded rendering of an arbitrary value for error messages. */
export function describe(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (value === null || ['number', 'boolean', 'bigint', 'undefined'].includes(typeof value)) text = String(value);
  else text = Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
