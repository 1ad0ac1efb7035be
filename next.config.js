// @ts-check
/** @type {import('next').NextConfig} */

// Mirrors lib/http/security-headers.ts (this file is loaded by Node before TypeScript is set up).
const STATIC_SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const nextConfig = {
  // Native and WASM database drivers must load from node_modules at run time, not be bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'better-sqlite3', 'pg'],
  poweredByHeader: false,
  // NetBox's API paths end in a slash; clients (pynetbox, Ansible) send them that way and must
  // not pay a redirect per request. The API handlers answer both forms.
  skipTrailingSlashRedirect: true,
  // Pages get their Content-Security-Policy (with a script nonce) from proxy.ts; everything else
  // here. A second CSP on pages would be enforced as well, so the API one is limited to /api.
  async headers() {
    return [
      { source: '/:path*', headers: STATIC_SECURITY_HEADERS },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
    ];
  },
};

export default nextConfig;
