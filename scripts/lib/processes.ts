import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

// Ports and child processes for the scripts and test harnesses that start servers.

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Stops `child`: SIGTERM, then SIGKILL if it is still running after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Polls `GET /login` of a starting app server until it answers 200; throws with the reason and
 * the server's log when the process exits first or `timeoutMs` passes.
 */
export async function waitUntilReady(
  baseUrl: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no response yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The app server exited (${child.exitCode ?? child.signalCode}) before it was ready.\n--- server log ---\n${log()}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/login`, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `GET /login answered ${res.status}`;
    } catch (err) {
      last = `GET /login failed: ${(err as Error).message}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`server not ready after ${timeoutMs / 1000} s (${last}).\n--- server log ---\n${log()}`);
}
