import os from 'node:os';
import pkg from '@/package.json';

// `GET /api/status/` in NetBox's shape (pynetbox's `api.status()` returns it as
// is). NetBox's Django/Python slots carry the Next.js and Node.js versions; netbox-version is the
// NetBox API level implemented (also in `API-Version`), Proxbox's version is in the full version.

const NODE_PACKAGES = [
  'next',
  'react',
  'drizzle-orm',
  'zod',
  'next-auth',
  'pg',
  '@electric-sql/pglite',
  'better-sqlite3',
  'bcryptjs',
] as const;

export function statusBody(apiVersion: string): Record<string, unknown> {
  const dependencies: Record<string, string> = pkg.dependencies;
  return {
    'django-version': `Next.js ${dependencies.next}`,
    hostname: os.hostname(),
    installed_apps: Object.fromEntries(
      NODE_PACKAGES.filter((name) => dependencies[name]).map((name) => [name, dependencies[name]]),
    ),
    // Clients branch on this (Ansible's nb_inventory treats < 3.5 as a legacy NetBox): report the
    // NetBox API level Proxbox implements; Proxbox's own version is in the full version.
    'netbox-version': `${apiVersion}.0`,
    'netbox-full-version': `${apiVersion}.0-Proxbox-${pkg.version}`,
    plugins: { netbox_proxbox: pkg.version },
    'python-version': process.versions.node,
    'rq-workers-running': 0,
  };
}
