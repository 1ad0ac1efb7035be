// Serves the existing production build through Proxbox's own HTTP server (lib/server/serve.ts):
// what `npm start` runs after its build check, and what the e2e harness and the benchmarks start.
// Unlike `next start`, it stamps each request's socket address for the API lockout
// (lib/auth/client-ip.ts). It builds nothing: run `npm run build` (or `npm start`) first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveFromEnv } from '../lib/server/serve';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('No production build (.next/BUILD_ID): run `npm run build` or `npm start` first.');
  process.exit(1);
}
serveFromEnv(root).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
