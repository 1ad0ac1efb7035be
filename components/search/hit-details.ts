import type { SearchHit } from '@/lib/search/types';

/** The muted second line of a hit: what it belongs to and which field matched. */
export function hitDetails(hit: SearchHit): string {
  return [hit.parent?.display, hit.context].filter(Boolean).join(' · ');
}
