import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run keys -- create` hashes the new key on the bcrypt worker pool. The pool's workers must
// not keep a one-shot command alive: a 'message' listener attached after unref() re-referenced
// the worker's port, and the command printed its key and then never exited.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-keys-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args], {
      env: { ...process.env, PROXBOX_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Far above the command's own second; only a command that never exits reaches it.
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout });
    });
  });
}

describe('npm run keys', () => {
  it('creates a key and exits by itself with code 0', async () => {
    const result = await run(['create', '--description', 'cli exit']);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created API key #1 \(admin, "cli exit"\)\./);
    expect(result.stdout).toMatch(/^pbx_[A-Za-z0-9]+_[A-Za-z0-9]+$/m);
  }, 90_000);
});
