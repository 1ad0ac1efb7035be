// `npm run demo`: `npm start` with the built-in demo enabled — two simulated Proxmox clusters are
// registered as endpoints on first start and synced, so a newcomer sees a real sync at once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')], {
  stdio: 'inherit',
  env: { ...process.env, PROXBOX_DEMO: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
