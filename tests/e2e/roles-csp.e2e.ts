// Roles and the Content-Security-Policy in the browser: the admin adds a viewer on the Account
// page; the viewer sees the synced demo estate but no Add, Edit, Delete, Sync or Push button and
// no API keys entry; and no page (login, dashboard, lists, detail pages, explorer, settings, as
// admin and as viewer) raises a CSP violation, reported either on the console or as a
// `securitypolicyviolation` event.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { freePortPair, startApp, type App } from './harness';

let app: App;
let admin: Page;
const VIEWER = 'viewer-e2e';
const VIEWER_PASSWORD = 'viewer-e2e-password-1';
const violations: string[] = [];

/** Records CSP violations of `page`: console messages and securitypolicyviolation events. */
async function watchCsp(page: Page, who: string): Promise<void> {
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
      violations.push(`${who} ${page.url()}: ${message.text()}`);
  });
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(`${who} ${page.url()}: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI}`,
      );
    });
  });
}

async function visit(page: Page, path: string): Promise<void> {
  const res = await page.goto(path);
  assert.equal(res?.status(), 200, `${path} answered ${res?.status()}`);
  const csp = res?.headers()['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/, `${path} has no nonce CSP`);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res?.headers()['x-content-type-options'], 'nosniff');
  await page.waitForLoadState('networkidle');
}

async function waitForDemoSync(page: Page): Promise<void> {
  for (let i = 0; i < 120; i++) {
    await page.goto('/virtual-machines');
    if (((await page.getByText(/ of 60$/).count()) ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('the demo sync did not fill the inventory');
}

before(async () => {
  app = await startApp({ env: { PROXBOX_DEMO: '1', PROXBOX_DEMO_PORT: String(await freePortPair()) } });
  admin = await app.newPage();
  await watchCsp(admin, 'admin');
  await visit(admin, '/login');
  await app.login(admin);
  await waitForDemoSync(admin);
});
after(() => app?.stop());

describe('roles and CSP in the browser', () => {
  test('the admin adds a viewer on the Account page', async () => {
    await visit(admin, '/account');
    const form = admin.locator('form').filter({ has: admin.getByRole('button', { name: 'Add user' }) });
    await form.getByLabel('Username').fill(VIEWER);
    await form.getByLabel('Initial password').fill(VIEWER_PASSWORD);
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Add user' }).click();
    await admin.getByRole('row', { name: new RegExp(VIEWER) }).waitFor();
    assert.equal(await admin.getByRole('combobox', { name: `Role of ${VIEWER}` }).inputValue(), 'viewer');
  });

  test('admin pages raise no CSP violation', async () => {
    for (const path of [
      '/',
      '/virtual-machines',
      '/virtual-machines/1',
      '/proxmox-endpoints/1',
      '/explorer',
      '/settings',
      '/sync-jobs',
      '/api-keys',
    ]) {
      await visit(admin, path);
      if (path === '/proxmox-endpoints/1')
        assert.equal(
          await admin.getByRole('link', { name: 'Edit', exact: true }).count(),
          1,
          'the admin is offered Edit',
        );
    }
    assert.deepEqual(violations, []);
  });

  test('a viewer sees the estate but no edit, delete, sync or push control, and no API keys', async () => {
    const page = await app.newPage();
    await watchCsp(page, 'viewer');
    await visit(page, '/login');
    await app.submitLogin(page, VIEWER, VIEWER_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    await visit(page, '/');
    assert.equal(await page.getByRole('button', { name: /Sync/ }).count(), 0, 'dashboard offers a sync');
    assert.equal(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).count(),
      0,
    );

    await visit(page, '/virtual-machines');
    assert.ok((await page.getByText(/ of 60$/).count()) > 0, 'the viewer reads the VM list');
    assert.equal(await page.getByRole('link', { name: /^Add / }).count(), 0);

    for (const path of ['/virtual-machines/1', '/proxmox-endpoints/1', '/settings']) {
      await visit(page, path);
      for (const name of ['Edit', 'Delete'])
        assert.equal(await page.getByRole('link', { name, exact: true }).count(), 0, `${name} on ${path}`);
      for (const name of [/Sync/, /Push again/])
        assert.equal(await page.getByRole('button', { name }).count(), 0, `${String(name)} on ${path}`);
    }
    await visit(page, '/sync-jobs/1');
    assert.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 0);
    await visit(page, '/explorer');
    await app.screenshot(page, 'viewer-vm-list');

    // The server refuses what the page does not offer.
    // (The redirect may arrive in the streamed page and be followed by the client.)
    await page.goto('/virtual-machines/1/edit');
    await page.waitForURL((url) => url.pathname === '/virtual-machines/1', { timeout: 15_000 });
    assert.equal(
      await page
        .locator('form')
        .filter({ has: page.getByRole('button', { name: /Save/ }) })
        .count(),
      0,
    );
    assert.deepEqual(violations, []);
  });
});
