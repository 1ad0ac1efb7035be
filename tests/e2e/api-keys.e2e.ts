// The API keys page manages keys through the backend's HTTP API: a key created on the page is
// shown once and works at once; Deactivate stops it, Activate restores it, Delete (after its
// confirmation) removes it from the list and the key stops working.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';

describe('API keys: create, deactivate, activate and delete from the page', { timeout: 180_000 }, () => {
  let app: App;
  let page: Page;
  let key: string;
  let keyId: string;

  /** A read of the REST API with the key: 200 while it is active, else NetBox's 403 "Invalid token". */
  const probe = async () => {
    const res = await fetch(`${app.baseUrl}/api/extras/tags/`, { headers: { Authorization: `Token ${key}` } });
    const body = (await res.json()) as { detail?: string };
    return res.status === 200 ? 200 : `${res.status} ${body.detail}`;
  };
  const toast = (text: string | RegExp) => page.getByRole('region', { name: 'Notifications' }).getByText(text).last();
  const row = () => page.getByRole('row').filter({ hasText: 'e2e key lifecycle' });

  before(async () => {
    app = await startApp();
    page = await app.newPage();
    await app.login(page);
  });
  after(async () => {
    await app?.stop();
  });

  test('a created key is shown once, listed, and works', async () => {
    await page.goto('/api-keys');
    await page.getByLabel('Description').fill('e2e key lifecycle');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('created-api-key').waitFor();
    key = ((await page.getByTestId('created-api-key').textContent()) ?? '').trim();
    const match = /^pbx_([^_]+)_/.exec(key);
    assert.ok(match, `unexpected key format: ${key}`);
    keyId = match[1];
    await toast(`Key ${keyId} was created. Copy it now: it will not be shown again.`).waitFor();
    await row().waitFor();
    assert.match(await row().innerText(), new RegExp(`e2e key lifecycle\\s+${keyId}`));
    assert.equal(await probe(), 200);
    // Shown once: after a reload the page has the key's id, never its text.
    await page.reload();
    await row().waitFor();
    assert.equal(await page.getByTestId('created-api-key').count(), 0);
    assert.equal((await page.content()).includes(key), false);
  });

  test('Deactivate stops the key and Activate restores it', async () => {
    await page.getByRole('button', { name: `Deactivate key ${keyId}` }).click();
    await toast('Key deactivated.').waitFor();
    await page.getByRole('button', { name: `Activate key ${keyId}` }).waitFor();
    assert.equal(await probe(), '403 Invalid token');
    await page.getByRole('button', { name: `Activate key ${keyId}` }).click();
    await toast('Key activated.').waitFor();
    await page.getByRole('button', { name: `Deactivate key ${keyId}` }).waitFor();
    assert.equal(await probe(), 200);
  });

  test('Delete asks first, then removes the key', async () => {
    await page.getByRole('button', { name: `Delete key ${keyId}` }).click();
    await page.getByRole('button', { name: `Confirm deleting key ${keyId}` }).click();
    await toast('Key deleted.').waitFor();
    await row().waitFor({ state: 'detached' });
    assert.equal(await probe(), '403 Invalid token');
    await app.screenshot(page, 'api-keys-light');
  });

  test("The web app's own backend key is marked and offers no way to retire it", async () => {
    const own = page.getByRole('row').filter({ hasText: 'Web UI link' });
    assert.equal(await own.count(), 1);
    assert.match(await own.innerText(), /Active[\s\S]*retire it with another admin key/);
    assert.equal(await own.getByRole('button').count(), 0);
  });

  test('Deleted from its own page, a key leaves for the list with the outcome', async () => {
    await page.getByLabel('Description').fill('e2e detail delete');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('created-api-key').waitFor();
    const detailKeyId = /^pbx_([^_]+)_/.exec(
      ((await page.getByTestId('created-api-key').textContent()) ?? '').trim(),
    )![1];
    await page.getByRole('link', { name: 'e2e detail delete' }).click();
    await page.waitForURL(/\/backend\/keys\/\d+$/);
    await page.getByRole('button', { name: `Delete key ${detailKeyId}` }).click();
    await page.getByRole('button', { name: `Confirm deleting key ${detailKeyId}` }).click();
    await page.waitForURL(/\/api-keys$/);
    await toast('Key deleted.').waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: 'e2e detail delete' }).count(), 0);
  });
});
