import { PageHeader } from '@/components/detail/page-header';
import { SearchResults } from '@/components/search/search-results';
import { requireUser } from '@/lib/auth/session';
import { AppError } from '@/lib/data/errors';
import { globalSearch } from '@/lib/search/global-search';
import { MAX_QUERY_LENGTH } from '@/lib/search/limits';
import type { SearchResult } from '@/lib/search/types';

interface SearchPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const HITS_PER_GROUP = 8;

export const metadata = { title: 'Search' };

/** Server-rendered global search: every searchable model, grouped, exact matches first. */
export default async function SearchPage({ searchParams }: SearchPageProps) {
  const actor = await requireUser();
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw) ?? '';
  let result: SearchResult | null = null;
  let error: string | null = null;
  if (q.trim() !== '') {
    try {
      result = await globalSearch(actor, q, HITS_PER_GROUP);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation') throw err;
      error = err.fieldErrors.q?.[0] ?? err.message;
    }
  }
  return (
    <>
      <PageHeader title={result ? `Search: ${result.q}` : 'Search'} />
      <form action="/search" role="search" className="mb-4 flex max-w-2xl gap-2">
        <label htmlFor="search-page-q" className="sr-only">
          Search the inventory
        </label>
        <input
          id="search-page-q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={MAX_QUERY_LENGTH}
          className="input"
          placeholder="Name, VMID, IP, MAC, volid, UPID, serial…"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'search-page-error' : undefined}
        />
        <button type="submit" className="btn btn-primary">
          Search
        </button>
      </form>
      {error && (
        <p id="search-page-error" role="alert" className="mb-4 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {result && <SearchResults groups={result.groups} q={result.q} />}
      {!result && !error && (
        <p className="text-zinc-600 dark:text-zinc-400">
          Type a name, VMID, IP or MAC address, backup volume ID or task UPID. Press{' '}
          <kbd className="rounded border px-1">/</kbd> or <kbd className="rounded border px-1">Ctrl K</kbd> on any page
          to search from there.
        </p>
      )}
    </>
  );
}
