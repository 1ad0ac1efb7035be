import Link from 'next/link';
import { formatCount } from '@/components/data-table/format';
import type { SearchGroup } from '@/lib/search/types';

function countText(group: SearchGroup): string {
  return `${formatCount(group.count)}${group.countCapped ? '+' : ''}`;
}

/** The /search page's groups: a few hits per model and a link to the model's filtered list. */
export function SearchResults({ groups, q }: { groups: SearchGroup[]; q: string }) {
  if (groups.length === 0) {
    return (
      <div className="card p-6 text-center text-zinc-600 dark:text-zinc-400">
        <p className="font-medium">Nothing matches “{q}”.</p>
        <p className="mt-1 text-xs">
          Search looks at names, VMIDs, IP and MAC addresses, backup volume IDs, task UPIDs and serials.
        </p>
      </div>
    );
  }
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {groups.map((group) => (
        <section key={group.model} className="card" aria-labelledby={`search-group-${group.model}`}>
          <h2 className="card-title flex items-baseline justify-between gap-2">
            <span id={`search-group-${group.model}`}>{group.label}</span>
            <span className="text-xs font-normal text-zinc-500 dark:text-zinc-400">{countText(group)}</span>
          </h2>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {group.hits.map((hit) => (
              <li key={hit.id} className="flex flex-wrap items-baseline gap-x-2 px-3 py-1.5">
                <Link href={hit.href} className="link font-medium break-all">
                  {hit.display}
                </Link>
                {hit.exact && (
                  <span className="rounded bg-sky-100 px-1 text-[11px] text-sky-800 dark:bg-sky-900 dark:text-sky-200">
                    exact
                  </span>
                )}
                {hit.parent && (
                  <Link href={hit.parent.href} className="text-xs text-zinc-600 hover:underline dark:text-zinc-400">
                    {hit.parent.display}
                  </Link>
                )}
                {hit.context && (
                  <span className="text-xs text-zinc-500 dark:text-zinc-400 break-all">{hit.context}</span>
                )}
              </li>
            ))}
          </ul>
          <p className="border-t border-zinc-100 px-3 py-1.5 text-xs dark:border-zinc-800">
            <Link href={group.listHref} className="link">
              All {countText(group)} {group.count === 1 ? 'result' : 'results'} in {group.label.toLowerCase()} →
            </Link>
          </p>
        </section>
      ))}
    </div>
  );
}
