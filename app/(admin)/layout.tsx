import { cookies } from 'next/headers';
import Image from 'next/image';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { CommandPalette } from '@/components/search/command-palette';
import { ToastProvider } from '@/components/toast/toast-provider';
import { requireUser } from '@/lib/auth/session';
import type { Actor } from '@/lib/data/actor';
import { can } from '@/lib/data/permissions';
import { modelMetas } from '@/lib/models/registry';
import type { ModelMeta, NavGroup } from '@/lib/models/types';
import { decodeFlash, FLASH_COOKIE } from '@/lib/toast/flash';
import { SidebarNav, type NavSection } from './_components/sidebar-nav';
import { SignOutButton } from './_components/sign-out-button';
import { ThemeToggle } from './_components/theme-toggle';

const GROUP_ORDER: NavGroup[] = [
  'Endpoints',
  'Proxmox',
  'VM data',
  'Operations',
  'Devices',
  'Virtualization',
  'IPAM',
  'Other',
];

/**
 * Sidebar sections from the registry, grouped like the seed plugin's menu (endpoints, the Proxmox
 * objects, their VM data, operations, then NetBox's core models); the change log gets its own
 * entry under Operations, and administrators the API keys.
 */
function navSections(metas: ModelMeta[], isAdmin: boolean): NavSection[] {
  const home = [
    { href: '/', label: 'Dashboard' },
    { href: '/search', label: 'Search' },
    { href: '/explorer', label: 'Relationship explorer' },
  ];
  const sections: NavSection[] = [{ title: 'Home', items: home }];
  for (const group of GROUP_ORDER) {
    const items = metas
      .filter((m) => m.group === group && !m.changeLog)
      .map((m) => ({ href: `/${m.key}`, label: m.labelPlural }));
    const changeLog = metas.find((m) => m.changeLog);
    if (group === 'Operations' && changeLog) items.push({ href: `/${changeLog.key}`, label: changeLog.labelPlural });
    if (items.length > 0) sections.push({ title: group, items });
  }
  // The backend's own records, read over its API.
  const backend = [{ href: '/backend', label: 'Backend endpoints' }];
  // Keys, lockouts and the log are administrators' business: others are not offered them.
  if (isAdmin)
    backend.push(
      { href: '/api-keys', label: 'API keys' },
      { href: '/backend/lockouts', label: 'Lockouts' },
      { href: '/backend/logs', label: 'Backend log' },
    );
  sections.push({ title: 'Backend', items: backend });
  return sections;
}

function displayName(actor: Actor): string {
  return actor.kind === 'user' ? actor.username : actor.kind;
}

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await requireUser();
  const sections = navSections(modelMetas(), can(actor, 'admin'));
  // A server action that redirected left this toast; the provider shows it once and clears it.
  const flash = decodeFlash((await cookies()).get(FLASH_COOKIE)?.value);
  return (
    <ToastProvider initialFlash={flash}>
      <div className="flex min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 btn">
          Skip to content
        </a>
        <aside className="sticky top-0 hidden h-screen w-56 shrink-0 overflow-y-auto bg-zinc-900 md:block dark:border-r dark:border-zinc-800">
          <Link href="/" className="flex items-center gap-2 px-5 pt-4 text-lg font-bold tracking-tight text-white">
            <Image src="/logo.svg" alt="" width={24} height={24} priority />
            Proxbox
          </Link>
          <SidebarNav sections={sections} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex items-center justify-end gap-2 border-b border-zinc-200 bg-white px-4 py-2 dark:border-zinc-800 dark:bg-zinc-900">
            <details className="relative md:hidden">
              <summary className="btn cursor-pointer list-none">Menu</summary>
              <div className="absolute left-0 z-40 mt-1 max-h-[80vh] w-60 overflow-y-auto rounded bg-zinc-900 shadow-lg">
                <SidebarNav sections={sections} />
              </div>
            </details>
            <div className="mr-auto">
              <CommandPalette />
            </div>
            <ThemeToggle />
            <Link href="/api-docs" className="link text-sm">
              REST API
            </Link>
            <Link href="/account" className="link text-sm" title="Account settings">
              {displayName(actor)}
            </Link>
            <SignOutButton />
          </header>
          <main id="main" className="min-w-0 flex-1 p-4 lg:p-6">
            {children}
          </main>
        </div>
      </div>
    </ToastProvider>
  );
}
