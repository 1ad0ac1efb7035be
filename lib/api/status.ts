import os from 'node:os';
import pkg from '@/package.json';

// `GET /api/status/` in NetBox's shape (reference §11; pynetbox's `api.status()` returns it as
// is). NetBox's Django/Python slots carry the Next.js and Node.js versions; netbox-version is
// Proxbox's own version, and the NetBox API level is in `API-Version` and `netbox-full-version`.

const NODE_PACKAGES = ['next', 'react', 'drizzle-orm', 'zod', 'next-auth', 'pg', '@electric-sql/pglite', 'better-sqlite3', 'bcryptjs'] as const;

export function statusBody(apiVersion: string): Record<string, unknown> {
  const dependencies: Record<string, string> = pkg.dependencies;
  return {
    'django-version': `Next.js ${dependencies.next}`,
    hostname: os.hostname(),
    'installed-apps': Object.fromEntries(NODE_PACKAGES.filter((name) => dependencies[name]).map((name) => [name, dependencies[name]])),
    'netbox-version': pkg.version,
    'netbox-full-version': `Proxbox ${pkg.version} (NetBox REST API ${apiVersion})`,
    plugins: { netbox_proxbox: pkg.version },
    'python-version': process.versions.node,
    'rq-workers-running': 0,
  };
}
