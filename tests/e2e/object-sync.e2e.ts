// "Sync now" on one object: after the demo cluster's first sync, a VM's, a node's and a storage's
// detail page each start a run limited to that object; its run page shows the object's stages
// reaching 100 % and every other stage left untouched. Pages of objects Proxbox did not sync
// offer no such button.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { freePortPair, startApp, type App } from './harness';

const ALL_STAGES = [
  'devices',
  'storage',
  'virtual-machines',
  'task-history',
  'vm-disks',
  'vm-backups',
  'vm-snapshots',
  'network-interfaces',
  'vm-interfaces',
  'ip-addresses',
  'replications',
  'backup-routines',
];
const VM_STAGES = [
  'virtual-machines',
  'task-history',
  'vm-disks',
  'vm-backups',
  'vm-snapshots',
  'vm-interfaces',
  'ip-addresses',
];
const NODE_STAGES = [
  'devices',
  'virtual-machines',
  'task-history',
  'vm-disks',
  'vm-backups',
  'vm-snapshots',
  'network-interfaces',
  'vm-interfaces',
  'ip-addresses',
];
const STORAGE_STAGES = ['storage', 'vm-disks', 'vm-backups'];

let app: App;
let page: Page;

before(async () => {
  app = await startApp({ env: { PROXBOX_DEMO_PORT: String(await freePortPair()) } });
  page = await app.newPage();
  await app.login(page);
});
after(() => app?.stop());

/** Waits for the run page's final status, then reads every stage bar's value. */
async function finishedBars(): Promise<Record<string, string | null>> {
  const progress = page.getByRole('region', { name: /^Progress/ });
  await progress.getByText('completed', { exact: true }).waitFor({ timeout: 60_000 });
  const values: Record<string, string | null> = {};
  for (const stage of ALL_STAGES)
    values[stage] = await page.getByRole('progressbar', { name: `${stage} progress` }).getAttribute('aria-valuenow');
  return values;
}

/** Opens the first row of a list, clicks its "Sync now" and checks the run covered exactly `stages`. */
async function syncFirstOf(list: string, stages: string[], screenshot: string): Promise<void> {
  await page.goto(`/${list}`);
  await page.getByRole('table').getByRole('link').first().click();
  await page.waitForURL(new RegExp(`/${list}/\\d+$`));
  const panel = page.getByRole('region', { name: 'Sync' });
  await panel.getByRole('button', { name: 'Sync now' }).click();
  await page.waitForURL(/\/sync-jobs\/\d+$/);
  const bars = await finishedBars();
  for (const stage of ALL_STAGES) assert.equal(bars[stage], stages.includes(stage) ? '100' : '0', `${list}: ${stage}`);
  await app.screenshot(page, screenshot);
}

describe('per-object "Sync now"', { timeout: 240_000 }, () => {
  test('the demo cluster is synced first', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Try the demo cluster' }).click();
    await page.waitForURL('**/sync-jobs');
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/sync-jobs\/\d+$/);
    const bars = await finishedBars();
    assert.deepEqual(
      Object.values(bars),
      ALL_STAGES.map(() => '100'),
    );
  });

  test('a VM page syncs that VM: only the guest stages run', async () => {
    await syncFirstOf('virtual-machines', VM_STAGES, 'object-sync-vm');
  });

  test('a Proxmox node page syncs the node and its guests', async () => {
    await syncFirstOf('proxmox-nodes', NODE_STAGES, 'object-sync-node');
  });

  test('a storage page syncs the storage, its disks and its backups', async () => {
    await syncFirstOf('storage', STORAGE_STAGES, 'object-sync-storage');
  });

  test('a cluster page runs a full sync of its endpoint', async () => {
    await syncFirstOf('proxmox-clusters', ALL_STAGES, 'object-sync-cluster');
  });

  test('objects Proxbox did not sync have no "Sync now"', async () => {
    await page.goto('/sites');
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/sites\/\d+$/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sync now' }).count(), 0);
  });
});
