// Global search on the synced demo estate: the `/` shortcut opens the search dialog from a list
// page, typing a VM's name finds it, arrows and Enter open it; Ctrl+K and Escape give the focus
// back; the /search page groups its results; a sync started from a page is confirmed by a toast.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { freePortPair, startApp, type App } from './harness';

let app: App;
let page: Page;
let vmName = '';

const allStagesDone = () => {
  const all = [...document.querySelectorAll('[role=progressbar]')];
  return all.length === 13 && all.every((b) => b.getAttribute('aria-valuenow') === '100');
};
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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

describe('global search', { timeout: 180_000 }, () => {
  test('"/" on a list page opens the search; a VM name, arrow keys and Enter open the VM', async () => {
    await page.goto('/virtual-machines');
    await page.waitForLoadState('networkidle');
    // The row's first cell is its selection checkbox; the name is the row's first link.
    vmName = (
      (await page
        .getByRole('main')
        .getByRole('table')
        .locator('tbody tr')
        .first()
        .getByRole('link')
        .first()
        .innerText()) ?? ''
    ).trim();
    assert.match(vmName, /^[a-z0-9-]+$/, 'the first VM row has a name');

    await page.keyboard.press('/');
    const dialog = page.getByRole('dialog', { name: 'Search the inventory' });
    await dialog.waitFor();
    const combobox = dialog.getByRole('combobox', { name: 'Search' });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('role')),
      'combobox',
      'the search field has the focus',
    );

    await combobox.fill(vmName);
    const vmOption = dialog.getByRole('option', { name: new RegExp(`^${escapeRegExp(vmName)}\\b`) }).first();
    await vmOption.waitFor({ timeout: 15_000 });
    const options = dialog.getByRole('option');
    assert.equal(await options.first().getAttribute('aria-selected'), 'true', 'the first result is highlighted');
    assert.match(
      (await options.first().textContent()) ?? '',
      new RegExp(`^${escapeRegExp(vmName)}`),
      'the VM comes first',
    );
    const group = dialog.getByRole('group', { name: /^virtual machines$/i });
    assert.equal(
      (await group.getByRole('option', { name: new RegExp(`^${escapeRegExp(vmName)}\\b`) }).count()) >= 1,
      true,
      'the VM sits in the "Virtual machines" group',
    );

    await combobox.press('ArrowDown');
    assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true', 'ArrowDown moves the highlight');
    assert.equal(await combobox.getAttribute('aria-activedescendant'), await options.nth(1).getAttribute('id'));
    await combobox.press('ArrowUp');
    assert.equal(await options.first().getAttribute('aria-selected'), 'true', 'ArrowUp moves it back');
    await combobox.press('Enter');

    await page.waitForURL(/\/virtual-machines\/\d+$/);
    await page.getByRole('heading', { level: 1, name: vmName }).waitFor();
    assert.equal(await dialog.count(), 0, 'the dialog closed');
  });

  test('Ctrl+K opens the search too; Tab stays inside; Escape closes it and returns the focus', async () => {
    await page.goto('/virtual-machines');
    await page.waitForLoadState('networkidle');
    const trigger = page.getByRole('button', { name: /^Search…/ });
    await trigger.focus();
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search the inventory' });
    await dialog.waitFor();
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      assert.equal(
        await dialog.evaluate((el) => el.contains(document.activeElement)),
        true,
        `focus left the dialog after ${i + 1} Tab(s)`,
      );
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(
      await trigger.evaluate((el) => el === document.activeElement),
      true,
      'the focus went back to the search button',
    );

    // Typing "/" into a field must type it, not open the search.
    const quickSearch = page.getByRole('main').getByRole('searchbox').first();
    await quickSearch.focus();
    await page.keyboard.press('/');
    assert.equal(await dialog.count(), 0, '"/" in a text field opened the search');
    assert.equal(await quickSearch.inputValue(), '/');
  });

  test('the /search page groups its results and links to the filtered list', async () => {
    assert.ok(vmName, 'the first test found a VM name');
    await page.goto(`/search?q=${encodeURIComponent(vmName)}`);
    await page.getByRole('heading', { level: 1, name: `Search: ${vmName}` }).waitFor();
    const vms = page.getByRole('region', { name: 'Virtual machines', exact: true });
    await vms.getByRole('link', { name: vmName, exact: true }).first().waitFor();
    const all = vms.getByRole('link', { name: /^All \d+ results? in virtual machines/ });
    assert.equal(
      await all.getAttribute('href'),
      `/virtual-machines?q=${encodeURIComponent(vmName).replace(/%20/g, '+')}`,
    );
    await all.click();
    await page.waitForURL((url) => url.pathname === '/virtual-machines' && url.searchParams.get('q') === vmName);
    await page.getByRole('main').getByRole('table').getByRole('link', { name: vmName, exact: true }).first().waitFor();

    await page.goto('/search?q=no-such-object-anywhere');
    await page.getByText('Nothing matches “no-such-object-anywhere”.').waitFor();
    await page.goto('/search?q=x');
    assert.equal(
      ((await page.getByRole('main').getByRole('alert').textContent()) ?? '').trim(),
      'Type at least 2 characters.',
    );
  });

  test('starting a sync from an endpoint page is confirmed by a toast', async () => {
    await page.goto('/proxmox-endpoints');
    await page.getByRole('table').getByRole('link', { name: 'Demo cluster1' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.waitForURL(/\/sync-jobs\/\d+$/);
    const jobId = new URL(page.url()).pathname.split('/').pop();
    const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('status');
    await toast.filter({ hasText: `Sync #${jobId} started.` }).waitFor({ timeout: 10_000 });
    await page.reload();
    await page.getByRole('region', { name: /^Progress/ }).waitFor();
    await page.waitForTimeout(1_000);
    assert.equal(
      await page.getByRole('region', { name: 'Notifications' }).getByRole('status').count(),
      0,
      'the flash toast showed again after a reload',
    );
  });
});
