import { fail, ok, type ParseResult } from './result';
import { describe, parseInteger } from './scalars';

const MAC = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i;

/**
 * Normalises a MAC address to upper-case colon form (`bc-24-11-2b-3c-4d` → `BC:24:11:2B:3C:4D`).
 * PVE writes upper case but keeps user-set lower case; comparing normalised values avoids
 * duplicate interfaces. Multicast-looking addresses are accepted: anonymised fixtures use them.
 */
export function normalizeMac(value: string): ParseResult<string> {
  if (!MAC.test(value)) return fail(`invalid MAC address: ${describe(value)}`);
  return ok(value.toUpperCase().replaceAll('-', ':'));
}

/** A VLAN id, 1..4094, as in `tag=` and `trunks=`. */
export function parseVlanId(value: string): ParseResult<number> {
  return parseInteger(value, 'VLAN id', { min: 1, max: 4094 });
}

/**
 * Expands `trunks=10;20-22` to `[10, 20, 21, 22]` (sorted, without duplicates). Ranges are a
 * QEMU-NIC extension; LXC only writes single ids, which the same grammar covers.
 */
export function parseTrunks(value: string): ParseResult<number[]> {
  const vids = new Set<number>();
  for (const item of value.split(';')) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (!range) return fail(`invalid trunks entry: ${describe(item)}`);
    const first = parseVlanId(range[1]);
    const last = parseVlanId(range[2] ?? range[1]);
    if (!first.ok) return first;
    if (!last.ok) return last;
    if (last.value < first.value) return fail(`invalid trunks range: ${describe(item)}`);
    for (let vid = first.value; vid <= last.value; vid += 1) vids.add(vid);
  }
  return ok([...vids].sort((a, b) => a - b));
}
