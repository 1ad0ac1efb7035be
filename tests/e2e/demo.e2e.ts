// The first minute of a newcomer: an empty install offers the built-in demo; one click registers
// the simulated clusters, starts a real sync, and its page shows every stage's progress bar
// reaching 100 % from the live event stream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { freePortPair, startApp, type App } from './harness';

let app: App;
let page: Page;

before(async () => {
  app = await startApp({ env: { PROXBOX_DEMO_PORT: String(await freePortPair()) } });
  page = await app.newPage();
  await app.login(page);
});
after(() => app?.stop());

describe('demo cluster', () => {
  test('"Try the demo cluster" syncs the simulator and the run page shows 13 stages (the last pushes into the demo NetBox) at 100 %', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Try the demo cluster' }).click();
    await page.waitForURL('**/sync-jobs');
    const firstRun = page.getByRole('table').getByRole('link').first();
    await firstRun.click();
    await page.waitForURL(/\/sync-jobs\/\d+$/);
    const bars = page.getByRole('progressbar');
    await page.waitForFunction(
      () => {
        const all = [...document.querySelectorAll('[role=progressbar]')];
        return all.length === 13 && all.every((b) => b.getAttribute('aria-valuenow') === '100');
      },
      undefined,
      { timeout: 60_000 },
    );
    assert.equal(await bars.count(), 13);
    const heading = page.getByRole('region', { name: /^Progress/ });
    await heading.getByText('completed', { exact: true }).waitFor({ timeout: 30_000 });
    await app.screenshot(page, 'sync-progress');

    await page.goto('/virtual-machines');
    assert.match((await page.getByText(/of 60$/).textContent()) ?? '', /1–50 of 60/);
    await page.goto('/proxmox-nodes');
    assert.match((await page.getByText(/of 6$/).textContent()) ?? '', /1–6 of 6/);
  });

  test('an API key created on the API keys page is shown once and works on the REST API', async () => {
    await page.goto('/api-keys');
    await page.getByLabel('Description').fill('e2e automation');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('created-api-key');
    await shown.waitFor();
    const key = ((await shown.textContent()) ?? '').trim();
    assert.match(key, /^pbx_[A-Za-z0-9_-]+$/);
    const res = await fetch(`${app.baseUrl}/api/virtualization/virtual-machines/?limit=1`, {
      headers: { Authorization: `Token ${key}` },
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { count: number }).count, 60);
    await page.reload();
    assert.equal(await page.getByTestId('created-api-key').count(), 0, 'the key is shown again after a reload');
    assert.ok(!(await page.content()).includes(key), 'the key is in the page after creation');
  });

  test('"Sync now" on an endpoint re-syncs it: every stage completes and nothing is created again', async () => {
    await page.goto('/proxmox-endpoints');
    await page.getByRole('table').getByRole('link', { name: 'Demo cluster1' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.waitForURL(/\/sync-jobs\/\d+$/);
    await page.waitForFunction(
      () => {
        const all = [...document.querySelectorAll('[role=progressbar]')];
        return all.length === 13 && all.every((b) => b.getAttribute('aria-valuenow') === '100');
      },
      undefined,
      { timeout: 60_000 },
    );
    const progress = page.getByRole('region', { name: /^Progress/ });
    await progress.getByText('completed', { exact: true }).waitFor({ timeout: 30_000 });
    const counters = await progress.getByText(/^created \d+/).allTextContents();
    assert.equal(counters.length, 13);
    for (const line of counters) assert.match(line, /^created 0 · updated 0 · deleted 0 · unchanged \d+/);
  });

  test('the settings page shows when scheduled syncs run', async () => {
    await page.goto('/settings');
    await page.getByRole('link', { name: 'Details and history' }).click();
    const panel = page.getByRole('region', { name: 'Scheduled syncs' });
    await panel.waitFor();
    assert.match(
      (await panel.textContent()) ?? '',
      /Status\s*off \(turn on "Sync enabled"\)\s*Next run\s*—\s*Last scheduled run\s*never/,
    );
  });
});
