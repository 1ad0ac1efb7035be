import { fail, ok, type ParseResult } from './result';
import { describe } from './scalars';

const SIZE = /^(\d+(?:\.\d+)?)([KMGT](?:iB)?)?$/;
const UNIT_BYTES: Readonly<Record<string, number>> = {
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
};

/**
 * Converts a PVE `disk-size` (`32G`, `104858K`, `2.5G`, `1001`) to bytes, like `parse_size` in
 * pve-common: units K/M/G/T (optionally `KiB`...) are powers of 1024, a bare number is bytes,
 * decimals are allowed and the result is truncated to an integer. Lower-case units, `P` and
 * decimal `KB/MB/GB` are rejected, as PVE rejects them. A JSON number is taken as bytes.
 */
export function parseSize(value: string | number): ParseResult<number> {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return fail(`invalid size: ${describe(value)}`);
    return ok(Math.trunc(value));
  }
  if (typeof value !== 'string') return fail(`invalid size: ${describe(value)}`);
  const match = SIZE.exec(value);
  if (!match) return fail(`invalid size: ${describe(value)}`);
  const unit = match[2] ? UNIT_BYTES[match[2][0]] : 1;
  const bytes = Math.trunc(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes)) return fail(`size too large: ${describe(value)}`);
  return ok(bytes);
}

/** Bytes → MiB (1024²), unrounded; PVE's own unit for `memory`, `swap` and `balloon`. */
export function bytesToMiB(bytes: number): number {
  return bytes / 1024 ** 2;
}

/** Bytes → MB (10⁶), unrounded; the unit NetBox uses for virtual disk sizes. */
export function bytesToMB(bytes: number): number {
  return bytes / 1000 ** 2;
}
