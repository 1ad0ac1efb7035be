import { spawn } from 'node:child_process';
import path from 'node:path';

// What the API benchmark (scripts/bench-api.ts) and the real-client tests
// (tests/e2e/clients.e2e.ts) share: an API key made with `scripts/keys.ts` in the server's data
// directory, timed GETs with NetBox's `Authorization: Token <key>` header, and child processes
// (Debian's Python with pynetbox, ansible-inventory) with a time limit.

/** Debian's interpreter: the python3 first on PATH may be another one, without pynetbox. */
export const PYTHON = '/usr/bin/python3';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin (which is closed either way). */
  input?: string;
  /** SIGKILL after this long (default 5 minutes). */
  timeoutMs?: number;
}

/** Runs `command` to completion and collects its output; never rejects for a non-zero exit. */
export function runProcess(command: string, args: string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        ms: performance.now() - start,
      });
    });
    child.stdin.on('error', () => undefined); // a child that exits without reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** One line describing how a child ended, with the end of its stderr, for error messages. */
export function describeExit(what: string, result: ProcessResult): string {
  const how = result.signal ? `was killed (${result.signal})` : `exited with ${result.code}`;
  return `${what} ${how}.\n--- stderr ---\n${result.stderr.slice(-4_000)}\n--- stdout ---\n${result.stdout.slice(-2_000)}`;
}

/**
 * Creates a read-write API key with `scripts/keys.ts create` and returns it (`pbx_…`). `env` must
 * carry the server's PROXBOX_DATA_DIR (the key is written to its backend.db) and database
 * settings.
 */
export async function createApiKey(root: string, env: NodeJS.ProcessEnv, description: string): Promise<string> {
  if (!env.PROXBOX_DATA_DIR) throw new Error('createApiKey: env.PROXBOX_DATA_DIR must be the server’s data directory');
  const result = await runProcess(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'keys.ts'), 'create', '--description', description],
    {
      cwd: root,
      env,
      timeoutMs: 60_000,
    },
  );
  const key = result.stdout
    .split('\n')
    .map((line) => line.trim())
    .find((line) => /^pbx_\S+$/.test(line));
  if (result.code !== 0 || !key) throw new Error(describeExit('scripts/keys.ts create', result));
  return key;
}

export interface ApiResponse {
  status: number;
  body: string;
  ms: number;
}

/** A timed GET with the API key, as NetBox clients send it; redirects are not followed. */
export async function apiGet(baseUrl: string, token: string, pathAndQuery: string): Promise<ApiResponse> {
  const start = performance.now();
  const res = await fetch(`${baseUrl}${pathAndQuery}`, {
    redirect: 'manual',
    headers: { authorization: `Token ${token}`, accept: 'application/json' },
  });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - start };
}

/** GET and parse; throws with the body when the status is not 200. */
export async function apiJson<T>(baseUrl: string, token: string, pathAndQuery: string): Promise<T> {
  const res = await apiGet(baseUrl, token, pathAndQuery);
  if (res.status !== 200) throw new Error(`GET ${pathAndQuery} answered ${res.status}: ${res.body.slice(0, 500)}`);
  return JSON.parse(res.body) as T;
}

export interface ListPage<T> {
  count: number | null;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * Every object of a list endpoint, following `next` (`pathAndQuery` should set `limit`); the
 * `next` links must stay on `baseUrl`.
 */
export async function apiListAll<T>(
  baseUrl: string,
  token: string,
  pathAndQuery: string,
): Promise<{ count: number | null; results: T[] }> {
  const results: T[] = [];
  let next: string | null = pathAndQuery;
  let count: number | null = null;
  for (let pages = 0; next; pages++) {
    if (pages > 10_000) throw new Error(`GET ${pathAndQuery}: more than 10,000 pages`);
    const page: ListPage<T> = await apiJson<ListPage<T>>(baseUrl, token, next);
    if (pages === 0) count = page.count;
    results.push(...page.results);
    if (page.next && !page.next.startsWith(`${baseUrl}/`))
      throw new Error(`GET ${next}: next link ${page.next} leaves ${baseUrl}`);
    next = page.next ? page.next.slice(baseUrl.length) : null;
  }
  return { count, results };
}
