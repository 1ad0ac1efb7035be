// "Shape" of a JSON document: for every key path (array items merged as `[]`) the set of JSON
// types seen. Comparing two signatures tells whether two bodies look alike to a client.

/** key path → JSON types (`string`, `number`, `boolean`, `null`, `object`, `array`). */
export type Signature = Map<string, Set<string>>;

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Adds the signature of `value` to `into` (so several bodies can be merged). */
export function addSignature(value: unknown, into: Signature = new Map(), at = ''): Signature {
  const set = into.get(at) ?? new Set<string>();
  set.add(jsonType(value));
  into.set(at, set);
  if (Array.isArray(value)) for (const item of value) addSignature(item, into, `${at}[]`);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) addSignature(v, into, at ? `${at}.${k}` : k);
  }
  return into;
}

/** Differences of `actual` against `expected`: keys missing in actual, and keys whose types disagree. */
export function compareSignatures(
  expected: Signature,
  actual: Signature,
): { missing: string[]; typeMismatches: string[] } {
  const missing: string[] = [];
  const typeMismatches: string[] = [];
  for (const [key, types] of expected) {
    const got = actual.get(key);
    if (!got) {
      missing.push(key);
      continue;
    }
    const comparable = [...types].filter((t) => t !== 'null');
    if (comparable.length && ![...got].some((t) => comparable.includes(t)))
      typeMismatches.push(`${key}: fixture ${[...types].join('|')}, simulator ${[...got].join('|')}`);
  }
  return { missing, typeMismatches };
}
