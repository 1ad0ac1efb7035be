// The settings singleton as an admin uses it: fields grouped into sections, and a schedule set
// up by picking stages (checkboxes) and a cron expression; a bad cron is refused and saves nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';

let app: App;
let page: Page;

const SECTIONS = ['Sync behaviour', 'Scheduling', 'Overwrite flags', 'Concurrency and timeouts', 'Deletion policy'];

before(async () => {
  app = await startApp();
  page = await app.newPage();
  await app.login(page);
});
after(() => app?.stop());

describe('plugin settings', { timeout: 120_000 }, () => {
  test('the settings page shows its fields in the seed’s sections', async () => {
    await page.goto('/settings');
    await page.getByRole('main').getByRole('heading', { name: 'Plugin settings', level: 1 }).waitFor();
    for (const title of SECTIONS)
      assert.equal(await page.getByRole('region', { name: title }).count(), 1, `section ${title}`);
    await app.screenshot(page, 'settings');
  });

  test('a bad cron expression is a field error and saves nothing', async () => {
    await page.goto('/settings/1/edit');
    await page.getByLabel('Sync enabled', { exact: true }).check();
    await page.getByLabel('Sync cron expression', { exact: true }).fill('61 * * * *');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText(/cron/i)
      .and(page.locator('[id$="-error"], [role=alert], .text-red-600, .text-red-700'))
      .first()
      .waitFor();
    await page.goto('/settings');
    const scheduling = page.getByRole('region', { name: 'Scheduling' });
    assert.equal(await scheduling.getByText('61 * * * *').count(), 0, 'the bad cron was stored');
  });

  test('picking stages and a cron schedules those stages, and the page shows them', async () => {
    await page.goto('/settings/1/edit');
    await page.getByLabel('Sync enabled', { exact: true }).check();
    await page.getByLabel('Sync cron expression', { exact: true }).fill('0 3 * * *');
    const stages = page.getByRole('group', { name: 'Scheduled stages' });
    await stages.getByLabel('devices', { exact: true }).check();
    await stages.getByLabel('virtual-machines', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/edit'));
    await page.goto('/settings');
    const scheduling = page.getByRole('region', { name: 'Scheduling' });
    await scheduling.getByText('0 3 * * *').first().waitFor();
    assert.equal(await scheduling.getByText('devices', { exact: true }).count(), 1);
    assert.equal(await scheduling.getByText('virtual-machines', { exact: true }).count(), 1);
    assert.equal(await scheduling.getByText('storage', { exact: true }).count(), 0, 'an unticked stage is shown');
    await app.screenshot(page, 'settings-scheduled');
  });
});
