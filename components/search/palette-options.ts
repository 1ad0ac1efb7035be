import type { SearchHit, SearchResult } from '@/lib/search/types';
import { MIN_QUERY_LENGTH } from '@/lib/search/limits';

export interface PaletteOption {
  key: string;
  /** The group heading the option sits under. */
  section: string;
  label: string;
  href: string;
  hit?: SearchHit;
}

/**
 * The palette's options in keyboard order: each group's hits followed by its "All N results"
 * link, then "Search everything" (the /search page) whenever the text is long enough.
 */
export function paletteOptions(result: SearchResult | null, q: string): PaletteOption[] {
  const options: PaletteOption[] = [];
  for (const group of result?.groups ?? []) {
    for (const hit of group.hits)
      options.push({ key: `${group.model}-${hit.id}`, section: group.label, label: hit.display, href: hit.href, hit });
    const count = `${group.count}${group.countCapped ? '+' : ''}`;
    options.push({
      key: `${group.model}-all`,
      section: group.label,
      label: `All ${count} ${group.count === 1 ? 'result' : 'results'} in ${group.label.toLowerCase()}`,
      href: group.listHref,
    });
  }
  const text = q.trim();
  if (text.length >= MIN_QUERY_LENGTH) {
    options.push({
      key: 'search-page',
      section: 'Everything',
      label: `Search everything for “${text}”`,
      href: `/search?${new URLSearchParams({ q: text })}`,
    });
  }
  return options;
}
