// `npm run test:e2e [-- <name filter>... | --test-name-pattern=...]`: runs every
// tests/e2e/*.e2e.ts with Node's test runner through tsx, one file at a time, with the TAP reporter
// (the output ends with its `# pass N` / `# fail N` summary), and exits with the runner's code.
// Positional arguments keep only the files whose name contains one of them; flags go to node.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const e2eDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(e2eDir, '..', '..');

const args = process.argv.slice(2);
const nodeFlags = args.filter((arg) => arg.startsWith('-'));
const filters = args.filter((arg) => !arg.startsWith('-'));

// Node 20's --test does not expand globs, so the files are listed here.
const files = fs
  .readdirSync(e2eDir)
  .filter((name) => name.endsWith('.e2e.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort()
  .map((name) => path.relative(root, path.join(e2eDir, name)));

if (files.length === 0) {
  console.error(`test:e2e: no tests/e2e/*.e2e.ts file${filters.length ? ` matches ${filters.join(', ')}` : ''}.`);
  process.exit(1);
}
if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('test:e2e: no production build (.next/BUILD_ID is missing): run `npm run build` first.');
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=1', ...nodeFlags, ...files],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
