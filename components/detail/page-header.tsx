import Link from 'next/link';
import type { ReactNode } from 'react';

export interface Crumb {
  label: string;
  href?: string;
}

interface PageHeaderProps {
  title: string;
  crumbs?: Crumb[];
  /** Buttons shown on the right (edit, delete, add…). */
  actions?: ReactNode;
}

export function PageHeader({ title, crumbs = [], actions }: PageHeaderProps) {
  return (
    <header className="mb-4 flex flex-wrap items-end justify-between gap-2">
      <div>
        {crumbs.length > 0 && (
          <nav aria-label="Breadcrumb">
            <ol className="flex flex-wrap gap-1 text-xs text-zinc-500 dark:text-zinc-400">
              {crumbs.map((crumb, i) => (
                <li key={`${crumb.label}-${i}`} className="flex gap-1">
                  {crumb.href ? (
                    <Link href={crumb.href} className="link">
                      {crumb.label}
                    </Link>
                  ) : (
                    <span>{crumb.label}</span>
                  )}
                  {i < crumbs.length - 1 && <span aria-hidden="true">/</span>}
                </li>
              ))}
            </ol>
          </nav>
        )}
        <h1 className="text-xl font-semibold">{title}</h1>
      </div>
      {actions && <div className="flex gap-2">{actions}</div>}
    </header>
  );
}
