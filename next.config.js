// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM database drivers must load from node_modules at run time, not be bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'better-sqlite3', 'pg'],
  poweredByHeader: false,
};

export default nextConfig;
