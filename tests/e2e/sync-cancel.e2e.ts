// Cancelling a sync from its run page. The server runs without its in-process worker
// (PROXBOX_WORKER=off, as when separate `npm run worker` processes do the syncs and none is up),
// so the demo's first sync stays queued: "Cancel" ends it at once, and its live progress panel
// shows the stream's final `cancelled`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { freePortPair, startApp, type App } from './harness';

let app: App;
let page: Page;

before(async () => {
  app = await startApp({ env: { PROXBOX_DEMO_PORT: String(await freePortPair()), PROXBOX_WORKER: 'off' } });
  page = await app.newPage();
  await app.login(page);
});
after(() => app?.stop());

describe('cancel a sync', { timeout: 120_000 }, () => {
  test('a queued run is cancelled from its page and its progress ends "cancelled"', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Try the demo cluster' }).click();
    await page.waitForURL('**/sync-jobs');
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/sync-jobs\/\d+$/);

    const progress = page.getByRole('region', { name: /^Progress/ });
    const cancel = progress.getByRole('button', { name: 'Cancel' });
    await cancel.click();
    await progress.getByRole('status').filter({ hasText: 'Cancelled before it started.' }).waitFor({ timeout: 30_000 });
    await progress.getByText('cancelled', { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal(await progress.getByRole('button', { name: 'Cancel' }).count(), 0);
    // No stage ever ran.
    const values = await page
      .getByRole('progressbar')
      .evaluateAll((bars) => bars.map((b) => b.getAttribute('aria-valuenow')));
    assert.deepEqual(
      values,
      Array.from({ length: 13 }, () => '0'),
    );
    await app.screenshot(page, 'sync-cancelled');
  });
});
