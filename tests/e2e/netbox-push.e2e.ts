// The whole loop of a newcomer with NetBox: the demo syncs its simulated clusters and pushes them
// into its simulated NetBox (the endpoint page shows what Proxbox owns there); then a second,
// empty NetBox (a simulator started here) is added through the form, Preview shows exactly what a
// first push of the demo estate creates per object type, Apply runs the push, and the status
// panel shows the objects now owned. Screenshots in light and dark theme.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startNetboxSimulator, type NetboxSimulator } from '../../simulators/netbox';
import { DEMO_FIRST_PUSH_CREATES, DEMO_FIRST_PUSH_TOTAL } from '../fixtures/demo-netbox-push';
import { freePortPair, screenshotDir, startApp, type App } from './harness';

const EXPECTED_CREATES = DEMO_FIRST_PUSH_CREATES;
const EXPECTED_TOTAL = DEMO_FIRST_PUSH_TOTAL;

let app: App;
let page: Page;
let netbox: NetboxSimulator;
const token = randomBytes(20).toString('hex');

const allBarsDone = (n: number) =>
  page.waitForFunction(
    (count) => {
      const all = [...document.querySelectorAll('[role=progressbar]')];
      return all.length === count && all.every((b) => b.getAttribute('aria-valuenow') === '100');
    },
    n,
    { timeout: 90_000 },
  );

async function screenshotBothThemes(name: string): Promise<void> {
  await app.screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
  await app.screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));
}

before(async () => {
  netbox = await startNetboxSimulator({ version: '4.2', tokens: { v1: [token], v2: [] } });
  app = await startApp({ env: { PROXBOX_DEMO_PORT: String(await freePortPair()) } });
  page = await app.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  await app.login(page);
});
after(async () => {
  await app?.stop();
  await netbox?.stop();
});

describe('NetBox push', () => {
  test('the demo sync ends by pushing into the demo NetBox, whose page shows what Proxbox owns there', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Try the demo cluster' }).click();
    await page.waitForURL('**/sync-jobs');
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/sync-jobs\/\d+$/);
    await allBarsDone(13);
    await page
      .getByRole('region', { name: /^Progress/ })
      .getByText('completed', { exact: true })
      .waitFor({ timeout: 30_000 });
    const pushed = page.getByRole('region', { name: 'NetBox push' });
    await pushed.waitFor();
    assert.equal(await pushed.getByTestId('push-total-created').textContent(), String(EXPECTED_TOTAL));
    assert.equal(await pushed.getByTestId('push-total-failed').textContent(), '0');

    await page.goto('/netbox-endpoints');
    await page.getByRole('table').getByRole('link', { name: 'Demo NetBox' }).click();
    const panel = page.getByRole('region', { name: 'NetBox push' });
    await panel.getByTestId('netbox-reachable').getByText('Reachable', { exact: true }).waitFor();
    assert.equal(await panel.getByTestId('netbox-version').textContent(), '4.2.2');
    assert.equal(await panel.getByTestId('netbox-owned').textContent(), String(EXPECTED_TOTAL));
    assert.match((await panel.getByTestId('netbox-last-push').textContent()) ?? '', /^completed/);
    assert.equal(await panel.getByTestId('netbox-conflicts').textContent(), 'none');
  });

  test('a new NetBox: Preview shows the creates per type, Apply pushes them and the panel shows them owned', async () => {
    await page.goto('/netbox-endpoints/new');
    await page.locator('#field-name').fill('Lab NetBox');
    await page.locator('#field-domain').fill('localhost');
    await page.locator('#field-port').fill(String(netbox.port));
    await page.locator('#field-useHttps').uncheck();
    await page.locator('#field-token').fill(token);
    await page.getByRole('button', { name: 'Create netbox endpoint' }).click();
    await page.waitForURL(/\/netbox-endpoints\/\d+$/);
    const panel = page.getByRole('region', { name: 'NetBox push' });
    assert.equal(await panel.getByTestId('netbox-owned').textContent(), '0');
    assert.equal(await panel.getByTestId('netbox-last-push').textContent(), 'never');

    await panel.getByRole('button', { name: 'Preview' }).click();
    const preview = panel.getByRole('region', { name: 'Preview' });
    await preview.waitFor({ timeout: 60_000 });
    for (const [type, n] of Object.entries(EXPECTED_CREATES)) {
      const counts = preview.locator(`section[data-type="${type}"]`).getByTestId('plan-type-counts');
      assert.match(
        (await counts.textContent()) ?? '',
        new RegExp(`^create ${n.toLocaleString('en-US')} · update 0 · delete 0 · conflicts 0 · unchanged 0$`),
        type,
      );
    }
    assert.match(
      (await preview.getByTestId('plan-totals').textContent()) ?? '',
      new RegExp(`create ${EXPECTED_TOTAL.toLocaleString('en-US')} · update 0 · delete 0 · conflicts 0`),
    );
    assert.equal(netbox.requests.filter((r) => r.method !== 'GET').length, 0, 'the preview wrote to NetBox');
    const vms = preview.locator('section[data-type="virtualization/virtual-machines"]');
    await vms.locator('summary').click();
    assert.equal(await vms.locator('tbody tr').count(), 60);
    assert.equal(await vms.locator('tbody tr').getByText('create', { exact: true }).count(), 60);
    await screenshotBothThemes('netbox-preview');
    // The first rows of the VM creates at screen size (the full page is several screens tall).
    const box = await vms.boundingBox();
    assert.ok(box);
    await page.screenshot({
      path: path.join(screenshotDir, 'netbox-preview-vms.png'),
      fullPage: true,
      clip: { x: 0, y: box.y, width: 1280, height: 900 },
    });

    await panel.getByRole('button', { name: 'Apply' }).click();
    await allBarsDone(1);
    await panel
      .getByRole('region', { name: /^Progress/ })
      .getByText('completed', { exact: true })
      .waitFor({ timeout: 60_000 });
    await panel
      .getByTestId('netbox-owned')
      .filter({ hasText: EXPECTED_TOTAL.toLocaleString('en-US') })
      .waitFor({ timeout: 30_000 });
    assert.equal(netbox.store.list('virtualization/virtual-machines').length, 60);
    assert.match((await panel.getByTestId('netbox-last-push').textContent()) ?? '', /^completed/);
    await screenshotBothThemes('netbox-applied');

    // The dashboard has a card per NetBox endpoint with the live check, the last push and the owned objects.
    await page.goto('/');
    const cards = page.getByRole('region', { name: /NetBox$/ });
    for (const name of ['Demo NetBox', 'Lab NetBox']) {
      const card = page.getByRole('region', { name }).filter({ has: page.getByTestId('netbox-owned') });
      await card.getByTestId('netbox-status').getByText('Reachable', { exact: true }).waitFor({ timeout: 30_000 });
      assert.equal(await card.getByTestId('netbox-owned').textContent(), EXPECTED_TOTAL.toLocaleString('en-US'));
      assert.match((await card.getByTestId('netbox-last-push').textContent()) ?? '', /^completed/);
      assert.equal(await card.getByTestId('netbox-conflicts').textContent(), 'none');
    }
    assert.equal(await cards.filter({ has: page.getByTestId('netbox-owned') }).count(), 2);
    await app.screenshot(page, 'netbox-dashboard');
  });
});
