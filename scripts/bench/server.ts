import { spawn } from 'node:child_process';
import { freePort, stopProcess, waitUntilReady } from '../lib/processes';
import path from 'node:path';

// Runs the production build for a benchmark through the server `npm start` uses
// (scripts/server.ts) and stops it again. The server's
// output is kept (last lines) for error messages instead of being mixed into the report.

const READY_TIMEOUT_MS = 120_000;
const LOG_LINES = 400;

export interface RunningServer {
  baseUrl: string;
  /** Process id of the server (its memory is read from /proc/<pid>/status). */
  pid: number | undefined;
  log(): string;
  stop(): Promise<void>;
}

/** Starts the production server from `root` on a free port with `env` added to this process's environment. */
export async function startNextServer(root: string, env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    NEXTAUTH_URL: baseUrl,
    ...env,
  };
  delete childEnv.TEST_DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'server.ts')], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n'));
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const log = () => lines.join('\n');
  // Never leave a server behind, even when this process dies before `stop()`.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    await stopProcess(child);
    process.off('exit', killOnExit);
  };
  try {
    await waitUntilReady(baseUrl, child, log, READY_TIMEOUT_MS);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, pid: child.pid, log, stop };
}
