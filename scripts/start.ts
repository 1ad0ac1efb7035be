// `npm start`: runs Proxbox from a fresh clone. Builds the app first when there is no production
// build or when any source file is newer than it, then serves it in this process through
// Proxbox's own HTTP server (lib/server/serve.ts: `next start` plus the socket address the API
// lockout needs, see lib/auth/client-ip.ts) on PORT and HOSTNAME.
//
// "Newer than the build" compares modification times: the newest file under app/, components/,
// lib/, db/ and public/ plus the root config files, against .next/BUILD_ID. A fresh clone has no
// build; an edited file triggers a rebuild; an unchanged tree starts at once.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveFromEnv } from '../lib/server/serve';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = path.join(root, 'node_modules', '.bin', 'next');
const buildIdFile = path.join(root, '.next', 'BUILD_ID');

const SOURCE_DIRS = ['app', 'components', 'lib', 'db', 'public'];
const SOURCE_FILES = [
  'package.json',
  'package-lock.json',
  'next.config.js',
  'next.config.mjs',
  'next.config.ts',
  'tsconfig.json',
  'postcss.config.mjs',
  'tailwind.config.ts',
  'proxy.ts',
  'instrumentation.ts',
];

/** The newest modification time (ms) under `dir`, and the file that has it. */
function newestIn(dir: string, best: { mtime: number; file: string }): { mtime: number; file: string } {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return best;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) best = newestIn(full, best);
    else if (entry.isFile()) best = newer(full, best);
  }
  return best;
}

function newer(file: string, best: { mtime: number; file: string }): { mtime: number; file: string } {
  try {
    const mtime = fs.statSync(file).mtimeMs;
    return mtime > best.mtime ? { mtime, file } : best;
  } catch {
    return best;
  }
}

/** Why a build is needed, or `null` when the existing build is current. */
function buildReason(): string | null {
  if (!fs.existsSync(buildIdFile)) return 'no production build yet (.next/BUILD_ID is missing)';
  const built = fs.statSync(buildIdFile).mtimeMs;
  let newest = { mtime: 0, file: '' };
  for (const dir of SOURCE_DIRS) newest = newestIn(path.join(root, dir), newest);
  for (const file of SOURCE_FILES) newest = newer(path.join(root, file), newest);
  if (newest.mtime > built) return `${path.relative(root, newest.file)} is newer than the build`;
  return null;
}

// While `next build` runs, a signal goes to it; once serving, lib/server/serve.ts handles signals.
let child: ChildProcess | null = null;
const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
  if (child && child.exitCode === null) child.kill(signal);
  else process.exit(128 + os.constants.signals[signal]);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal);

/** Runs `next <args>` with inherited stdio; resolves with the exit code (128+n for signal n). */
function runNext(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    console.log(`> ${path.relative(root, nextBin)} ${args.join(' ')}`);
    // Next's telemetry would call home on every build and start; this install has no such network.
    const proc = spawn(nextBin, args, {
      cwd: root,
      stdio: 'inherit',
      env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env },
    });
    child = proc;
    proc.on('error', (err) => {
      console.error(`could not run ${nextBin}: ${err.message} (did you run \`npm install\`?)`);
      resolve(1);
    });
    proc.on('exit', (code, signal) => {
      child = null;
      resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  });
}

/** Builds if needed and starts serving; the exit code when it cannot, `null` while serving. */
async function main(): Promise<number | null> {
  if (!fs.existsSync(nextBin)) {
    console.error(`${nextBin} not found: run \`npm install\` first.`);
    return 1;
  }
  const reason = buildReason();
  if (reason) {
    console.log(`Building Proxbox: ${reason}.`);
    const code = await runNext(['build']);
    if (code !== 0) {
      console.error(`next build failed (exit ${code}); not starting.`);
      return code;
    }
  } else {
    console.log('Production build is up to date (.next/BUILD_ID is newer than every source file).');
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
  await serveFromEnv(root);
  return null;
}

main().then(
  (code) => {
    if (code !== null) process.exit(code);
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
