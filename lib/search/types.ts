// What the global search returns: plain data for the /search page, the JSON route and the
// command palette (components import these types, never the query code).

export interface SearchHit {
  id: number;
  display: string;
  href: string;
  /** The query equals a searched field (case-insensitive; an IP without its prefix length). */
  exact: boolean;
  /** The matched field when it is not the name itself, e.g. `MAC address: BC:24:11:00:00:01`. */
  context: string | null;
  /** The object this one belongs to (a VM interface's VM, a backup's VM), if any. */
  parent: { display: string; href: string } | null;
}

export interface SearchGroup {
  /** Registry key of the model. */
  model: string;
  label: string;
  /** Matches in the searched fields, counted up to `COUNT_CAP`; `countCapped` when there are more. */
  count: number;
  countCapped: boolean;
  /** The model's list filtered with `?q=`. */
  listHref: string;
  hits: SearchHit[];
}

export interface SearchResult {
  q: string;
  groups: SearchGroup[];
}
