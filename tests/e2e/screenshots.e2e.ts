// Screenshots of the synced demo estate in light and dark theme (test-results/screenshots):
// dashboard, a list, a detail page and the explorer. It also checks the theme rules: "system"
// follows the OS by default, an explicit choice made with the toggle survives a reload.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { freePortPair, startApp, type App } from './harness';

let app: App;
let page: Page;

const allStagesDone = () => {
  const all = [...document.querySelectorAll('[role=progressbar]')];
  return all.length === 13 && all.every((b) => b.getAttribute('aria-valuenow') === '100');
};
const isDark = (p: Page) => p.evaluate(() => document.documentElement.classList.contains('dark'));

/** Opens a page and waits for its main heading, so the screenshot shows the rendered page. */
async function visit(path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole('main').getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
  // Live panels may keep a stream open, so "network idle" is only waited for briefly.
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
}

before(async () => {
  app = await startApp({ env: { PROXBOX_DEMO_PORT: String(await freePortPair()) } });
  page = await app.newPage();
  await app.login(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the demo cluster' }).click();
  await page.waitForURL('**/sync-jobs');
  await page.getByRole('table').getByRole('link').first().click();
  await page.waitForURL(/\/sync-jobs\/\d+$/);
  await page.waitForFunction(allStagesDone, undefined, { timeout: 60_000 });
});
after(() => app?.stop());

describe('screenshots', { timeout: 180_000 }, () => {
  test('the theme follows the OS until a choice is made, and the choice survives a reload', async () => {
    await page.evaluate(() => localStorage.removeItem('theme'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await visit('/');
    assert.equal(await isDark(page), true, 'no stored choice and a dark OS: dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));

    const toggle = page.getByRole('button', { name: /^Theme: / });
    assert.match((await toggle.getAttribute('aria-label')) ?? '', /^Theme: System\./);
    await toggle.click();
    assert.match((await toggle.getAttribute('aria-label')) ?? '', /^Theme: Light\./);
    await toggle.click();
    assert.match((await toggle.getAttribute('aria-label')) ?? '', /^Theme: Dark\./);
    assert.equal(await isDark(page), true);
    await page.reload();
    assert.equal(await isDark(page), true, 'the dark choice was forgotten on reload');
    // The server renders "System"; once hydrated, the toggle shows the stored choice.
    await page.waitForFunction(() => document.querySelector('button[aria-label^="Theme: Dark."]') !== null);
    await toggle.click();
    assert.match((await toggle.getAttribute('aria-label')) ?? '', /^Theme: System\./);
    assert.equal(await page.evaluate(() => localStorage.getItem('theme')), null);
    assert.equal(await isDark(page), false, 'back to the (light) OS theme');
  });

  test('light theme: dashboard, VM list, VM detail and explorer', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => localStorage.setItem('theme', 'light'));
    await visit('/');
    assert.equal(await isDark(page), false);
    await app.screenshot(page, 'dashboard-light');

    await visit('/virtual-machines');
    await page.getByRole('main').getByRole('table').waitFor();
    await app.screenshot(page, 'list-vms');

    const first = page.getByRole('main').getByRole('table').locator('tbody tr').first().getByRole('link').first();
    const name = ((await first.textContent()) ?? '').trim();
    await first.click();
    await page.waitForURL(/\/virtual-machines\/\d+$/);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
    await app.screenshot(page, 'detail-vm');

    await visit('/explorer');
    await app.screenshot(page, 'explorer');
  });

  test('dark theme: dashboard', async () => {
    await page.evaluate(() => localStorage.setItem('theme', 'dark'));
    await visit('/');
    assert.equal(await isDark(page), true);
    await app.screenshot(page, 'dashboard-dark');
  });
});
