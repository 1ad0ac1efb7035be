// Table preferences on a list: the admin hides a column, shows another and moves it first,
// picks a page size, then reloads the bare list URL and opens it in a fresh browser (no
// cookies, no local storage: the layout is stored per user in the database) and sees the same
// layout; "Reset table layout" brings the defaults back, also after a reload. Screenshots in
// both themes go to test-results/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';

const TAG_COUNT = 60;
const DEFAULT_HEADERS = ['Name', 'Slug', 'Color', 'Weight', 'Description'];
const CHOSEN_HEADERS = ['ID', 'Name', 'Slug', 'Weight', 'Description'];

describe('table preferences: columns, order and page size per user', { timeout: 240_000 }, () => {
  let app: App;
  let page: Page;

  /** The list's column headers (the selection column has none; sort arrows stripped). */
  const headers = (p: Page) =>
    p
      .locator('table thead th')
      .evaluateAll((ths) =>
        ths.map((th) =>
          (th as HTMLElement).innerText
            .replace(/[▲▼↕↑↓]/g, '')
            .replace(/\s+/g, ' ')
            .trim(),
        ),
      )
      .then((all) => all.filter((text) => text !== '' && !/^select/i.test(text)));
  const bodyRows = (p: Page) => p.locator('table tbody tr').count();
  const range = (p: Page) => p.getByRole('navigation', { name: 'Pagination' }).locator('p').innerText();
  const columnsMenu = (p: Page) => p.locator('details', { has: p.locator('summary', { hasText: 'Columns' }) });
  const openColumns = async (p: Page) => {
    const menu = columnsMenu(p);
    if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
    return menu;
  };

  before(async () => {
    app = await startApp();
    const context = await app.browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    await app.login(page);
    // Tags through the REST API, with an admin key made on the API keys page.
    await page.goto('/api-keys');
    await page.getByLabel('Description').fill('e2e table prefs');
    await page.getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = ((await page.getByTestId('created-api-key').textContent()) ?? '').trim();
    const tags = Array.from({ length: TAG_COUNT }, (_, i) => ({
      name: `tag-${String(i + 1).padStart(2, '0')}`,
      slug: `tag-${String(i + 1).padStart(2, '0')}`,
    }));
    const res = await fetch(`${app.baseUrl}/api/extras/tags/`, {
      method: 'POST',
      headers: { Authorization: `Token ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(tags),
    });
    assert.equal(res.status, 201, await res.text());
  });
  after(async () => {
    await app?.stop();
  });

  test('the list opens with the model defaults', async () => {
    await page.goto('/tags');
    await page.locator('table tbody tr').first().waitFor();
    assert.deepEqual(await headers(page), DEFAULT_HEADERS);
    assert.equal(await bodyRows(page), 50);
    assert.equal(await range(page), '1–50 of 60');
  });

  test('choosing columns, their order and the page size', async () => {
    const menu = await openColumns(page);
    await menu.getByRole('checkbox', { name: 'Color' }).uncheck();
    await page.waitForFunction(() => !document.querySelector('table thead')?.textContent?.includes('Color'));
    await menu.getByRole('checkbox', { name: 'ID' }).check();
    await page.waitForFunction(() => document.querySelector('table thead')?.textContent?.includes('ID'));
    // Newly shown columns go last; four moves bring ID to the front.
    for (let i = 0; i < 4; i++) {
      const before = (await headers(page)).indexOf('ID');
      await menu.getByRole('button', { name: 'Move ID left' }).click();
      await page.waitForFunction(
        (was) =>
          [...document.querySelectorAll('table thead th')]
            .map((th) => (th as HTMLElement).innerText.trim())
            .filter((t) => t !== '')
            .findIndex((t) => t.startsWith('ID')) < was,
        before,
      );
    }
    assert.deepEqual(await headers(page), CHOSEN_HEADERS);
    assert.equal(await menu.getByRole('button', { name: 'Move ID left' }).isDisabled(), true);
    await menu.locator('summary').click();
    // The page size is saved by a server action (a POST to the list's URL) beside the navigation.
    const saved = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/tags');
    await page.getByLabel('Per page').selectOption('25');
    await page.waitForURL(/per_page=25/);
    assert.equal((await saved).status(), 200);
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 25);
    assert.equal(await range(page), '1–25 of 60');
    // The first row's cells follow the chosen order: the id first, then the name.
    const first = await page
      .locator('table tbody tr')
      .first()
      .locator('td')
      .evaluateAll((tds) => tds.map((td) => (td as HTMLElement).innerText.trim()).filter((t) => t !== ''));
    assert.match(first[0], /^\d+$/);
    assert.equal(first[1], 'tag-01');
    await app.screenshot(page, 'table-prefs-light');
  });

  test('a reload of the bare list URL keeps the layout', async () => {
    await page.goto('/tags');
    await page.locator('table tbody tr').first().waitFor();
    assert.deepEqual(await headers(page), CHOSEN_HEADERS);
    assert.equal(await bodyRows(page), 25);
    assert.equal(await range(page), '1–25 of 60');
  });

  test('another browser with no stored state sees the same layout (it is kept in the database)', async () => {
    const other = await app.newPage();
    await app.login(other);
    await other.goto('/tags');
    await other.locator('table tbody tr').first().waitFor();
    assert.deepEqual(await headers(other), CHOSEN_HEADERS);
    assert.equal(await bodyRows(other), 25);
    await other.context().close();
  });

  test('screenshot in the dark theme', async () => {
    await page.evaluate(() => localStorage.setItem('theme', 'dark'));
    await page.reload();
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    await page.locator('table tbody tr').first().waitFor();
    await openColumns(page);
    await app.screenshot(page, 'table-prefs-dark');
    await columnsMenu(page).locator('summary').click();
    await page.evaluate(() => localStorage.setItem('theme', 'light'));
  });

  test('reset brings the defaults back, and they stay after a reload', async () => {
    await page.goto('/tags');
    await page.locator('table tbody tr').first().waitFor();
    const menu = await openColumns(page);
    await menu.getByRole('button', { name: 'Reset table layout' }).click();
    await page
      .getByRole('region', { name: 'Notifications' })
      .getByText('Table layout reset to the defaults.')
      .waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 50);
    assert.deepEqual(await headers(page), DEFAULT_HEADERS);
    assert.equal(await range(page), '1–50 of 60');
    await page.goto('/tags');
    await page.locator('table tbody tr').first().waitFor();
    assert.deepEqual(await headers(page), DEFAULT_HEADERS);
    assert.equal(await bodyRows(page), 50);
  });
});
