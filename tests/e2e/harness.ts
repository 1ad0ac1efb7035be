// Browser-test harness: serves the existing production build through the server `npm start` runs
// (scripts/server.ts) on a free port with a fresh embedded database and a random admin password,
// and drives Debian's Chromium through playwright-core. It builds nothing: run `npm run build`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { freePort, stopProcess, waitUntilReady } from '../../scripts/lib/processes';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotDir = path.join(projectRoot, 'test-results', 'screenshots');

const CHROMIUM = '/usr/bin/chromium';
/** Flags known to work on this machine (see README "Testing"); Playwright adds a fresh temp profile. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const READY_TIMEOUT_MS = 90_000;
/** How many output chunks of the server to keep for error messages. */
const LOG_CHUNKS = 2_000;

/** The first admin's user name: FIRST_ADMIN_USERNAME of lib/bootstrap/admin.ts (created on first start). */
export const ADMIN_USERNAME = 'admin';

export interface App {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  adminUsername: string;
  adminPassword: string;
  /** The server's temporary PROXBOX_DATA_DIR. */
  dataDir: string;
  browser: Browser;
  /** A page in a new browser context (own cookies), with `baseURL` set so `goto('/x')` works. */
  newPage(): Promise<Page>;
  /** Fills the login form and submits it, without waiting for the outcome. */
  submitLogin(page: Page, username: string, password: string): Promise<void>;
  /** Logs in as the admin and waits until the browser has left /login. */
  login(page: Page): Promise<void>;
  /** Saves a full-page PNG to test-results/screenshots/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** The server's output so far (stdout and stderr; the most recent part when it is long). */
  serverLog(): string;
  /** Closes the browser, stops the server and removes the data directory. Safe to call twice. */
  stop(): Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port `p` whose neighbours `p + 1` and `p + 2` are free too: PROXBOX_DEMO_PORT, where the
 * demo's two simulated clusters and its simulated NetBox listen.
 */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort();
    if (port < 65_534 && (await portIsFree(port + 1)) && (await portIsFree(port + 2))) return port;
  }
  throw new Error('no three adjacent free ports');
}

export interface StartOptions {
  /** Extra environment for the server (e.g. PROXBOX_DEMO=1); wins over the harness's own. */
  env?: Record<string, string>;
}

/** Starts the app and the browser. Call `stop()` in an `after` hook. */
export async function startApp(options: StartOptions = {}): Promise<App> {
  const buildId = path.join(projectRoot, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) {
    throw new Error(
      `No production build at ${path.dirname(buildId)}: run \`npm run build\` before \`npm run test:e2e\`.`,
    );
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium).`);
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-e2e-'));
  const adminPassword = randomBytes(18).toString('base64url');

  const env: NodeJS.ProcessEnv = { ...process.env };
  // A fresh embedded database: never a PostgreSQL from the caller's environment.
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  Object.assign(env, {
    NODE_ENV: 'production',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    PROXBOX_DATA_DIR: dataDir,
    PROXBOX_ADMIN_PASSWORD: adminPassword,
    NEXTAUTH_URL: baseUrl,
    ...options.env,
  });

  const chunks: string[] = [];
  const serverLog = () => chunks.join('');
  // The server `npm start` runs after its build check (scripts/server.ts), so the tests cover it.
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', 'server.ts')], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    chunks.push(chunk.toString());
    if (chunks.length > LOG_CHUNKS) chunks.splice(0, chunks.length - LOG_CHUNKS);
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  // Never leave a server behind, even when the test process exits early or is interrupted.
  const killOnExit = () => {
    server.kill('SIGKILL');
    try {
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // The killed server may still be writing; a leftover temp dir is harmless.
    }
  };
  const killOnSignal = (signal: NodeJS.Signals) => process.exit(128 + os.constants.signals[signal]);
  process.once('exit', killOnExit);
  process.once('SIGINT', killOnSignal);
  process.once('SIGTERM', killOnSignal);

  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.allSettled(contexts.map((context) => context.close()));
    if (browser) await browser.close().catch(() => undefined);
    await stopProcess(server);
    process.off('exit', killOnExit);
    process.off('SIGINT', killOnSignal);
    process.off('SIGTERM', killOnSignal);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(baseUrl, server, serverLog, READY_TIMEOUT_MS);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (err) {
    await stop();
    throw err;
  }
  const launched = browser;

  const newPage = async () => {
    const context = await launched.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    return context.newPage();
  };

  const submitLogin = async (page: Page, username: string, password: string) => {
    await page.goto('/login');
    // The form is a client component: let it hydrate before typing (the login page opens no stream).
    await page.waitForLoadState('networkidle');
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    const form = page.locator('form', { has: page.locator('input[name=password]') });
    await form.locator('button:not([type=button]):not([type=reset]), input[type=submit]').first().click();
  };

  const login = async (page: Page) => {
    await submitLogin(page, ADMIN_USERNAME, adminPassword);
    await page.waitForURL((url) => url.pathname !== '/login', { timeout: 30_000 });
  };

  const screenshot = async (page: Page, name: string) => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name.replace(/[^a-zA-Z0-9._-]+/g, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };

  return {
    baseUrl,
    adminUsername: ADMIN_USERNAME,
    adminPassword,
    dataDir,
    browser: launched,
    newPage,
    submitLogin,
    login,
    screenshot,
    serverLog,
    stop,
  };
}
