import { describe, expect, it } from 'vitest';
import { loadConfigStrings, parseExample } from './fixtures';

// Tolerant parsing (docs/design-decisions.md): every string in tests/fixtures/proxmox/config-strings.json must parse.
const examples = loadConfigStrings();

describe('config-strings.json', () => {
  it('holds the 221 documented examples, none marked invalid', () => {
    expect(examples).toHaveLength(221);
    // No example carries a validity flag or an "invalid" kind, so all 221 must parse.
    const fields = new Set(examples.flatMap((example) => Object.keys(example)));
    expect([...fields].sort()).toEqual(['commit', 'key', 'kind', 'origin', 'source', 'value']);
    expect(examples.filter((example) => /invalid/i.test(example.kind))).toEqual([]);
  });

  it('parses every example with the parser its key calls for', () => {
    const failures = examples
      .map((example) => ({ example, result: parseExample(example) }))
      .filter(({ result }) => !result.ok)
      .map(({ example, result }) => ({ key: example.key, value: example.value, result }));
    expect(failures).toEqual([]);
    expect(examples.filter((example) => parseExample(example).ok)).toHaveLength(221);
  });

  it('covers the documented kinds in the documented numbers', () => {
    const counts: Record<string, number> = {};
    for (const { kind } of examples) counts[kind] = (counts[kind] ?? 0) + 1;
    expect(counts).toEqual({
      'qemu-drive': 117,
      'lxc-net': 32,
      'qemu-net': 20,
      'qemu-memory': 12,
      'qemu-efidisk': 11,
      'qemu-agent': 7,
      'lxc-mountpoint': 6,
      'unused-volume': 5,
      'lxc-rootfs': 5,
      'qemu-tpmstate': 2,
      'qemu-ipconfig': 2,
      'lxc-memory-MiB': 2,
    });
  });
});
