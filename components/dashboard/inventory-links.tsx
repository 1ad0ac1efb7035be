import Link from 'next/link';

export interface InventoryLink {
  key: string;
  label: string;
  group: string;
}

/** Every model's list, grouped as in the sidebar: the compact successor of the per-model count tables. */
export function InventoryLinks({ links }: { links: InventoryLink[] }) {
  const groups = [...new Set(links.map((l) => l.group))];
  return (
    <nav className="card" aria-labelledby="inventory-links">
      <h2 id="inventory-links" className="card-title">
        Inventory
      </h2>
      <div className="grid gap-x-4 gap-y-2 p-3 text-sm sm:grid-cols-2 xl:grid-cols-4">
        {groups.map((group) => (
          <div key={group}>
            <h3 className="text-xs font-semibold text-zinc-600 dark:text-zinc-400">{group}</h3>
            <ul className="flex flex-wrap gap-x-3">
              {links
                .filter((l) => l.group === group)
                .map((l) => (
                  <li key={l.key}>
                    <Link href={`/${l.key}`} className="link">
                      {l.label}
                    </Link>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}
