// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM database drivers must load from node_modules at run time, not be bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'better-sqlite3', 'pg'],
  poweredByHeader: false,
  // NetBox's API paths end in a slash; clients (pynetbox, Ansible) send them that way and must
  // not pay a redirect per request. The API handlers answer both forms.
  skipTrailingSlashRedirect: true,
};

export default nextConfig;
