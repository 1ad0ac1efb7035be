// The dashboard of a synced estate: the two demo endpoints checked live (reachable, with version
// and latency) with all their nodes, the per-node, backup and storage charts drawn with one bar
// per node/series, day or pool, and the last sync shown.
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

before(async () => {
  app = await startApp({ env: { PROXBOX_DEMO_PORT: String(await freePortPair()) } });
  page = await app.newPage();
  await app.login(page);
});
after(() => app?.stop());

describe('dashboard', () => {
  test('an empty install offers the demo; once synced, the dashboard shows both endpoints live, every node and the charts', async () => {
    await page.goto('/');
    assert.equal(await page.getByRole('region', { name: 'Get started' }).count(), 1);
    await page.getByRole('button', { name: 'Try the demo cluster' }).click();
    await page.waitForURL('**/sync-jobs');
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/sync-jobs\/\d+$/);
    await page.waitForFunction(allStagesDone, undefined, { timeout: 60_000 });
    await page
      .getByRole('region', { name: /^Progress/ })
      .getByText('completed', { exact: true })
      .waitFor({ timeout: 30_000 });

    await page.goto('/');
    for (const name of ['Demo cluster1', 'Demo cluster2']) {
      const card = page.getByRole('region', { name: new RegExp(`^${name}\\b`) });
      const status = card.getByTestId('endpoint-status');
      await status.getByText('Reachable', { exact: true }).waitFor({ timeout: 15_000 });
      assert.match((await status.textContent()) ?? '', /Reachable\s*\d+ ms\s*PVE 8\.2\.4/);
      assert.equal(((await card.getByTestId('endpoint-nodes').textContent()) ?? '').trim(), '3 online · 0 offline');
      assert.equal(await card.getByText('quorate', { exact: true }).count(), 1);
    }

    const bars = (chart: string) => page.locator(`svg[data-chart="${chart}"] rect[data-bar]`).count();
    assert.equal(await bars('guests-per-node'), 12, 'two series for each of the 6 nodes');
    assert.equal(await bars('cpu-per-node'), 12);
    assert.equal(await bars('memory-per-node'), 12);
    assert.equal(await bars('backups-per-day'), 30);
    assert.equal(await page.locator('svg[data-chart="cpu-per-node"] line[data-capacity]').count(), 6);
    assert.equal(await page.getByRole('img', { name: 'Guests per node' }).count(), 1);
    await page.locator('svg[data-chart="storage-usage"]').waitFor({ timeout: 15_000 });
    assert.equal(await bars('storage-usage'), 10, 'five storages on each of the two endpoints');

    const guestsPerNode = page
      .locator('figure', { has: page.locator('svg[data-chart="guests-per-node"]') })
      .locator('table');
    assert.equal(await guestsPerNode.locator('tbody tr').count(), 6);

    const sync = page.getByRole('region', { name: 'Sync status' });
    assert.match((await sync.textContent()) ?? '', /run #\d+\s*completed/);
    assert.equal(
      await page
        .getByRole('region', { name: /^Recent changes/ })
        .getByRole('listitem')
        .count(),
      10,
    );
    await app.screenshot(page, 'dashboard');
  });
});
