import { parsePropertyString } from './property-string';
import { fail, type ParseResult } from './result';
import { describe, parseInteger } from './scalars';

const MEMORY_BOUNDS = { min: 16 };

/**
 * Reads a guest's configured memory in MiB. QEMU sends `memory` as an integer before PVE 8.1 and
 * as a string since (`"2048"`), because it became the property string `[current=]<MiB>`;
 * LXC sends an integer. All three forms are accepted.
 */
export function parseMemory(value: unknown): ParseResult<number> {
  if (typeof value === 'number') return parseInteger(value, 'memory', MEMORY_BOUNDS);
  if (typeof value !== 'string') return fail(`invalid memory: ${describe(value)}`);
  const parsed = parsePropertyString(value, 'current');
  if (!parsed.ok) return parsed;
  const current = parsed.value.get('current');
  if (current === undefined) return fail(`memory without current size: ${describe(value)}`);
  return parseInteger(current, 'memory', MEMORY_BOUNDS);
}
