// The backend registration and push flow in a browser, on a fresh app: the FastAPI endpoint was
// created on first start pointing at the app itself; a Proxmox endpoint saved in the form is
// pushed and its page shows the backend copy as current; with the backend address broken a save
// is kept and the copy shown out of date with the reason; "Push again" repairs it. Also: the
// settings page is grouped into the seed's sections.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startApp, type App } from './harness';

const SECRET = 'PBX-e2e-Backend-3c9d1f7a2e';
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

async function waitForText(locator: Locator, expected: string | RegExp, timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '(no element)';
  for (;;) {
    if ((await locator.count()) > 0) {
      last = squash(await locator.first().textContent());
      if (typeof expected === 'string' ? last === expected : expected.test(last)) return last;
    }
    if (Date.now() > deadline)
      throw new Error(`text of ${locator} is ${JSON.stringify(last)}, expected ${String(expected)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('backend copy of endpoints', { timeout: 180_000 }, () => {
  let app: App;
  let page: Page;
  let endpointId = 0;
  const appPort = () => new URL(app.baseUrl).port;
  const panel = () => page.getByRole('region', { name: 'Backend copy', exact: true });
  const badge = () => panel().locator('[data-state]');

  async function gotoForm(url: string): Promise<void> {
    const response = await page.goto(url);
    assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`);
    await page.waitForLoadState('networkidle');
  }

  // A new address needs the backend token again (a stored secret only goes where it was entered):
  // the admin creates a key on the API keys page and enters it with the address.
  let backendKey = '';
  async function adminKey(): Promise<string> {
    if (backendKey) return backendKey;
    await gotoForm('/api-keys');
    await page.getByLabel('Description').fill('backend token (e2e)');
    await page.getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('created-api-key');
    await shown.waitFor();
    backendKey = ((await shown.textContent()) ?? '').trim();
    return backendKey;
  }

  async function setBackendPort(port: string): Promise<void> {
    const token = await adminKey();
    await gotoForm('/fastapi-endpoints/1/edit');
    await page.getByLabel('Port', { exact: true }).fill(port);
    await page.getByLabel('Backend token', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/fastapi-endpoints\/1$/, { timeout: 15_000 });
  }

  before(async () => {
    app = await startApp();
    page = await app.newPage();
    await app.login(page);
  });
  after(async () => {
    await app?.stop();
  });

  test('the FastAPI endpoint was registered on first start, pointing at the app, token write-only', async () => {
    await page.goto('/fastapi-endpoints/1');
    const fields = page.getByRole('region', { name: 'FastAPI endpoint', exact: true });
    const value = (label: string) =>
      fields
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
        .getByRole('cell');
    assert.equal(squash(await value('Domain').textContent()), '127.0.0.1');
    assert.equal(squash(await value('Port').textContent()), appPort());
    assert.equal(squash(await value('Backend token').textContent()), 'set');
  });

  test('a Proxmox endpoint saved in the form is pushed: its page shows the copy as current', async () => {
    await gotoForm('/proxmox-endpoints/new');
    await page.getByLabel('Name', { exact: true }).fill('pve-backend-e2e');
    await page.getByLabel('Domain', { exact: true }).fill('pve-backend.example.com');
    await page.getByLabel('Token name', { exact: true }).fill('proxbox');
    await page.getByLabel('Token value', { exact: true }).fill(SECRET);
    await page.getByRole('button', { name: 'Create proxmox endpoint' }).click();
    await page.waitForURL(/\/proxmox-endpoints\/\d+$/, { timeout: 15_000 });
    endpointId = Number(new URL(page.url()).pathname.split('/').pop());
    await waitForText(badge(), 'Current');
    assert.match(squash(await panel().textContent()), /Last push .* UTC: Backend copy created\./);
    assert.ok(!(await page.content()).includes(SECRET), 'the secret reached the browser');
    await app.screenshot(page, 'backend-copy-current');
  });

  test('with the backend unreachable a save is kept and the copy is out of date, with the reason', async () => {
    await setBackendPort('1');
    await gotoForm(`/proxmox-endpoints/${endpointId}/edit`);
    await page.getByLabel('Port', { exact: true }).fill('8443');
    // The new port needs the token again.
    await page.getByLabel('Token value', { exact: true }).fill(SECRET);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(new RegExp(`/proxmox-endpoints/${endpointId}$`), { timeout: 15_000 });
    await waitForText(badge(), 'Out of date: backend unreachable');
    assert.match(
      squash(await panel().getByRole('list', { name: 'Why the backend copy is out of date' }).textContent()),
      /The backend at http:\/\/127\.0\.0\.1:1 is unreachable: ECONNREFUSED/,
    );
    const port = page
      .getByRole('region', { name: 'Proxmox endpoint', exact: true })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'Port', exact: true }) })
      .getByRole('cell');
    assert.equal(squash(await port.textContent()), '8443');
  });

  test('once the backend answers, the page names the stale fields and Push again repairs the copy', async () => {
    await setBackendPort(appPort());
    await page.goto(`/proxmox-endpoints/${endpointId}`);
    await waitForText(badge(), 'Out of date');
    const reasons = squash(
      await panel().getByRole('list', { name: 'Why the backend copy is out of date' }).textContent(),
    );
    assert.match(reasons, /port: backend has 8006, inventory has 8443/);
    await page.waitForLoadState('networkidle');
    await panel().getByRole('button', { name: 'Push again' }).click();
    await waitForText(panel().getByRole('status'), 'Backend copy updated.');
    await waitForText(badge(), 'Current');
    await app.screenshot(page, 'backend-copy-pushed-again');
  });

  test("the settings page is grouped into the seed's sections", async () => {
    await page.goto('/settings');
    const fields = page.getByRole('region', { name: 'Plugin settings', exact: true });
    for (const title of [
      'Sync behaviour',
      'Scheduling',
      'Overwrite flags',
      'Concurrency and timeouts',
      'Deletion policy',
    ]) {
      assert.equal(await fields.getByRole('region', { name: title, exact: true }).count(), 1, `section ${title}`);
    }
    const scheduling = fields.getByRole('region', { name: 'Scheduling', exact: true });
    assert.equal(await scheduling.getByRole('rowheader', { name: 'Sync enabled', exact: true }).count(), 1);
    await gotoForm('/settings/1/edit');
    const legends = (await page.locator('form legend').allTextContents()).map(squash);
    assert.deepEqual(legends.slice(0, 5), [
      'Sync behaviour',
      'Scheduling',
      'Overwrite flags',
      'Concurrency and timeouts',
      'Deletion policy',
    ]);
  });
});
