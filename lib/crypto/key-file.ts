import fs from 'node:fs';
import path from 'node:path';

// Small, synchronous helpers for the secret files Proxbox keeps in its data directory
// (secret.key, nextauth.secret). Synchronous on purpose: callers such as encryptSecret() are
// synchronous, and the files are read once per process and cached by their callers.

/**
 * The data directory (PROXBOX_DATA_DIR, default ./data). Same rule as `dataDir()` in db/client.ts;
 * repeated here because db/ may import lib/crypto/ and the reverse import would be a cycle.
 */
export function secretsDir(): string {
  // A runtime location, not a source path: keeps Turbopack from tracing the whole project.
  return path.resolve(/*turbopackIgnore: true*/ process.env.PROXBOX_DATA_DIR ?? path.join(process.cwd(), 'data'));
}

const warnedLoose = new Set<string>();

/** Warns once per file when group or others may read it (the key must be owner-only). */
function warnIfLoose(file: string): void {
  if (process.platform === 'win32' || warnedLoose.has(file)) return;
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  warnedLoose.add(file);
  console.warn(
    `Proxbox: ${file} has permissions ${mode.toString(8).padStart(3, '0')}; ` +
      `it holds a secret and should be readable by its owner only (chmod 600 "${file}").`,
  );
}

/**
 * Returns the trimmed contents of `file`, creating it first with `generate()` and mode 0600 when
 * it does not exist. Creation is atomic (write a private temp file, then hard-link it into
 * place), so two processes starting together agree on one value and nobody reads a half-written
 * file.
 */
export function readOrCreateSecretFile(file: string, generate: () => string): string {
  if (!fs.existsSync(file)) createSecretFile(file, generate());
  warnIfLoose(file);
  const value = fs.readFileSync(file, 'utf8').trim();
  if (!value) throw new Error(`Proxbox: ${file} is empty; delete it to generate a new one.`);
  return value;
}

function createSecretFile(file: string, value: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, `${value}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.chmodSync(temp, 0o600);
    fs.linkSync(temp, file);
  } catch (err) {
    // Another process created the file first: its value wins.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
