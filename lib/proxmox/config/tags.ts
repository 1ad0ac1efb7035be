/**
 * Splits a PVE tag list (`prod;web`) into tags. Like `split_list` in pve-common it also accepts
 * `,` and whitespace as separators (old configs hold `one, two, three`); empty items are dropped.
 * Order is kept and nothing is lower-cased: PVE treats tags case-insensitively but stores them as typed.
 */
export function parseTags(text: string): string[] {
  if (typeof text !== 'string') return [];
  return text.split(/[;,\s]+/).filter((tag) => tag.length > 0);
}
