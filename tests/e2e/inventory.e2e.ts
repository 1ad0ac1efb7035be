// Inventory walkthrough on a fresh app, with one logged-in page shared by the tests (they run in
// order and build on each other): sidebar navigation, creating a Proxmox endpoint through the
// generated form, secrets never reaching the browser, validation errors, editing, URL-backed list
// search and filters, the change log, and deleting.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page, Response } from 'playwright-core';
import { orderFields } from '@/components/detail/field-order';
import { getMeta, modelMetas } from '@/lib/models/registry';
import type { ModelMeta } from '@/lib/models/types';
import { startApp, type App } from './harness';

const MODEL = 'proxmox-endpoints';
const OBJECT_TYPE = 'netbox_proxbox.proxmoxendpoint';
/** Distinctive values that must never come back from the server once submitted. */
const SECRET = 'PBX-e2e-T0ken-9f3c1a7e5b';
const INVALID_SECRET = 'PBX-e2e-Inval1d-4d2b8c6f0a';
const BETA_SECRET = 'PBX-e2e-Beta-7a1e3d9c2f';
const SECRETS = [SECRET, INVALID_SECRET, BETA_SECRET];
const leaks = (text: string) => SECRETS.some((secret) => text.includes(secret));

const GROUPS = ['Endpoints', 'Proxmox', 'VM data', 'Operations', 'Devices', 'Virtualization', 'IPAM', 'Other'];

function modelMeta(key: string): ModelMeta {
  const found = getMeta(key);
  if (!found) throw new Error(`model ${key} is not registered`);
  return found;
}
const meta = modelMeta(MODEL);

/** Sidebar links per group, as the admin layout builds them (the change log sits under Operations). */
function expectedNav(): Map<string, string[]> {
  const nav = new Map<string, string[]>();
  for (const group of GROUPS) {
    const labels = modelMetas()
      .filter((m) => m.group === group && !m.changeLog)
      .map((m) => m.labelPlural);
    if (group === 'Operations') labels.push('Change log');
    nav.set(group, labels);
  }
  // The backend's own records (the admin also sees its lockouts and its log).
  nav.set('Backend', ['Backend endpoints', 'API keys', 'Lockouts', 'Backend log']);
  return nav;
}

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Polls a locator's text until it matches; fails with the last text seen. */
async function waitForText(locator: Locator, expected: string | RegExp, timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '(no element)';
  for (;;) {
    if ((await locator.count()) > 0) {
      last = squash(await locator.first().textContent());
      if (typeof expected === 'string' ? last === expected : expected.test(last)) return last;
    }
    if (Date.now() > deadline) {
      throw new Error(`text of ${locator} is ${JSON.stringify(last)}, expected ${String(expected)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The list/record table's body as objects keyed by column header (sort arrows stripped). */
async function readTable(table: Locator): Promise<Record<string, string>[]> {
  // No named helpers inside: tsx's keepNames would wrap them in a `__name` call the page lacks.
  return table.evaluate((el) => {
    const headers = [...el.querySelectorAll('thead th')].map((th) =>
      (th as HTMLElement).innerText.replace(/[▲▼↕]/g, '').replace(/\s+/g, ' ').trim(),
    );
    return [...el.querySelectorAll('tbody tr')].map((tr) =>
      Object.fromEntries(
        [...(tr as HTMLTableRowElement).cells].map((td, i) => [headers[i], td.innerText.replace(/\s+/g, ' ').trim()]),
      ),
    );
  });
}

describe('inventory: Proxmox endpoints', { timeout: 180_000 }, () => {
  let app: App;
  let page: Page;
  /** Bodies of every response the browser received, checked for the secrets at the end. */
  const bodies: Promise<{ url: string; leaked: boolean }>[] = [];
  let alphaId = 0;
  let betaId = 0;

  const pagination = () => page.getByRole('navigation', { name: 'Pagination' }).locator('p');
  const listTable = () => page.getByRole('main').getByRole('table');
  const fieldTable = () => page.getByRole('region', { name: meta.label, exact: true });
  /** The value cell of a detail page row, by its label. */
  const detailValue = (label: string) =>
    fieldTable()
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
      .getByRole('cell');

  /** A full page load whose whole response (HTML and the inlined RSC payload) is checked. */
  async function gotoChecked(url: string): Promise<Response> {
    const response = await page.goto(url);
    assert.ok(response, `no response for ${url}`);
    assert.equal(response.status(), 200, `${url} answered ${response.status()}`);
    const body = await response.text();
    assert.ok(!leaks(body), `a secret is in the HTML of ${url}`);
    // The DOM after hydration too.
    assert.ok(!leaks(await page.content()), `a secret is in the DOM of ${url}`);
    return response;
  }

  /** Forms are client components: let them hydrate before typing. */
  async function gotoForm(url: string): Promise<void> {
    await gotoChecked(url);
    await page.waitForLoadState('networkidle');
  }

  async function createEndpoint(values: {
    name: string;
    domain: string;
    tokenName: string;
    tokenValue: string;
    port?: string;
  }) {
    await gotoForm(`/${MODEL}/new`);
    await page.getByLabel('Name', { exact: true }).fill(values.name);
    await page.getByLabel('Domain', { exact: true }).fill(values.domain);
    if (values.port) await page.getByLabel('Port', { exact: true }).fill(values.port);
    await page.getByLabel('Token name', { exact: true }).fill(values.tokenName);
    await page.getByLabel('Token value', { exact: true }).fill(values.tokenValue);
    const verifySsl = page.getByLabel('Verify SSL', { exact: true });
    await verifySsl.uncheck();
    assert.equal(await verifySsl.isChecked(), false);
    await page.getByRole('button', { name: `Create ${meta.label.toLowerCase()}` }).click();
    await page.waitForURL(new RegExp(`/${MODEL}/\\d+$`), { timeout: 15_000 });
    return Number(new URL(page.url()).pathname.split('/').pop());
  }

  before(async () => {
    app = await startApp();
    page = await app.newPage();
    page.on('response', (response) => {
      bodies.push(
        response.text().then(
          (text) => ({ url: response.url(), leaked: leaks(text) }),
          () => ({ url: response.url(), leaked: false }), // redirects and aborted requests have no body
        ),
      );
    });
    await app.login(page);
  });

  after(async () => {
    await app?.stop();
  });

  test('the sidebar links every model group; Proxmox endpoints opens an empty list', async () => {
    await gotoChecked('/');
    const nav = page.locator('aside').getByRole('navigation', { name: 'Main' });
    const headings = (await nav.getByRole('heading', { level: 2 }).allTextContents()).map(squash);
    assert.deepEqual(headings, ['Home', ...GROUPS, 'Backend']);
    for (const [group, labels] of expectedNav()) {
      assert.ok(labels.length > 0, `no models in group ${group}`);
      const section = nav.locator('div').filter({ has: page.getByRole('heading', { name: group, exact: true }) });
      const links = section.getByRole('link');
      assert.deepEqual((await links.allTextContents()).map(squash), labels, `links of the ${group} group`);
    }
    // A few labels spelled out, so a registry rename cannot silently pass.
    const endpoints = expectedNav().get('Endpoints');
    assert.deepEqual(endpoints, ['Proxmox endpoints', 'NetBox endpoints', 'FastAPI endpoints']);
    assert.ok(expectedNav().get('Operations')?.includes('Change log'));

    const link = nav.getByRole('link', { name: 'Proxmox endpoints', exact: true });
    assert.equal(await link.getAttribute('href'), `/${MODEL}`);
    await link.click();
    await page.waitForURL(`**/${MODEL}`);
    await waitForText(page.getByRole('heading', { level: 1 }), 'Proxmox endpoints');
    await waitForText(page.getByText(/^No proxmox endpoints found/), 'No proxmox endpoints found.');
    assert.equal(await link.getAttribute('aria-current'), 'page');
    assert.equal(await listTable().count(), 0, 'an empty list renders no table');
    const add = page.getByRole('main').getByRole('link', { name: 'Add proxmox endpoint' });
    assert.equal(await add.count(), 2, 'the header and the empty state both offer "Add proxmox endpoint"');
    assert.equal(await add.first().getAttribute('href'), `/${MODEL}/new`);
  });

  test('creating an endpoint lands on its detail page; the token is "set", never shown', async () => {
    alphaId = await createEndpoint({
      name: 'pve-alpha',
      domain: 'pve1.example.com',
      tokenName: 'proxbox',
      tokenValue: SECRET,
    });
    assert.ok(alphaId > 0);
    await waitForText(page.getByRole('heading', { level: 1 }), 'pve-alpha');

    // A fresh load of the detail page, so its whole HTML is checked for the secret.
    await gotoChecked(`/${MODEL}/${alphaId}`);
    await fieldTable()
      .getByText(/^Overwrite flags \(\d+\)$/)
      .click();
    const labels = (await fieldTable().getByRole('rowheader').allTextContents()).map(squash);
    const ordered = orderFields(meta.fields);
    const isOverwrite = (key: string) => /^overwrite[A-Z]/.test(key);
    const expected = [...ordered.filter((f) => !isOverwrite(f.key)), ...ordered.filter((f) => isOverwrite(f.key))].map(
      (f) => f.label,
    );
    assert.deepEqual(labels, expected, 'detail rows = every field label of the model, in order (overwrite flags last)');
    for (const label of [
      'Name',
      'Domain',
      'Port',
      'Username',
      'Password',
      'Token name',
      'Token value',
      'Verify SSL',
      'ID',
    ]) {
      assert.ok(labels.includes(label), `detail page lacks the "${label}" row`);
    }
    assert.equal(squash(await detailValue('Name').textContent()), 'pve-alpha');
    assert.equal(squash(await detailValue('Domain').textContent()), 'pve1.example.com');
    assert.equal(squash(await detailValue('Port').textContent()), '8006');
    assert.equal(squash(await detailValue('Token name').textContent()), 'proxbox');
    assert.equal(squash(await detailValue('Token value').textContent()), 'set');
    assert.equal(squash(await detailValue('Password').textContent()), 'not set');
    assert.equal(squash(await detailValue('Verify SSL').textContent()), '✗No');
    assert.equal(squash(await detailValue('ID').textContent()), String(alphaId));
    await app.screenshot(page, 'detail-proxmox-endpoint');

    await gotoChecked(`/${MODEL}/${alphaId}/edit`);
    await gotoChecked(`/${MODEL}`);
    await waitForText(pagination(), '1–1 of 1');
  });

  test('an invalid create shows errors next to the fields, creates nothing, echoes no secret', async () => {
    await gotoChecked(`/${MODEL}`);
    await waitForText(pagination(), '1–1 of 1');

    await gotoForm(`/${MODEL}/new`);
    await page.getByLabel('Name', { exact: true }).fill('pve-invalid');
    await page.getByLabel('Domain', { exact: true }).fill('');
    await page.getByLabel('Port', { exact: true }).fill('70000');
    await page.getByLabel('Token value', { exact: true }).fill(INVALID_SECRET);
    const actionResponses: Promise<string>[] = [];
    const onResponse = (r: Response) => {
      if (r.request().method() === 'POST') actionResponses.push(r.text().catch(() => ''));
    };
    page.on('response', onResponse);
    await page.getByRole('button', { name: 'Create proxmox endpoint' }).click();

    const alert = page.getByRole('main').getByRole('alert');
    await waitForText(alert, /^Please correct the errors below\./);
    page.off('response', onResponse);
    assert.equal(new URL(page.url()).pathname, `/${MODEL}/new`);

    const port = page.getByLabel('Port', { exact: true });
    assert.equal(await port.getAttribute('aria-invalid'), 'true');
    assert.match((await port.getAttribute('aria-describedby')) ?? '', /\bfield-port-error\b/);
    assert.equal(
      squash(await page.locator('#field-port-error').textContent()),
      'Ensure this value is less than or equal to 65535.',
    );
    // The error sits in the Port row, right under its input.
    const portRow = page.locator('div.grid', { has: page.locator('label[for=field-port]') });
    assert.equal(await portRow.locator('#field-port-error').count(), 1);

    // What the user typed comes back, except the secret.
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'pve-invalid');
    assert.equal(await port.inputValue(), '70000');
    const token = page.getByLabel('Token value', { exact: true });
    assert.equal(await token.inputValue(), '', 'the token field is refilled with the rejected secret');
    assert.ok(!(await page.content()).includes(INVALID_SECRET), 'the rejected secret is in the form HTML');
    assert.equal(actionResponses.length > 0, true, 'no server action response seen');
    for (const body of await Promise.all(actionResponses)) {
      assert.ok(!body.includes(INVALID_SECRET), 'the server action response echoes the secret');
    }
    await app.screenshot(page, 'form-errors');

    // With the port fixed, the missing domain is reported on its own field.
    await port.fill('8006');
    await page.getByRole('button', { name: 'Create proxmox endpoint' }).click();
    // The domain error was already shown with the first submit: wait for the port's to go.
    await page.locator('#field-port-error').waitFor({ state: 'detached' });
    await waitForText(page.locator('#field-domain-error'), 'Either a domain or an IP address is required.');
    assert.equal(await page.getByLabel('Domain', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#field-port-error').count(), 0, 'the fixed port still shows an error');
    assert.equal(new URL(page.url()).pathname, `/${MODEL}/new`);

    await gotoChecked(`/${MODEL}`);
    await waitForText(pagination(), '1–1 of 1');
    assert.deepEqual(
      (await readTable(listTable())).map((r) => r.Name),
      ['pve-alpha'],
    );
  });

  test('an invalid create reports the missing domain together with the bad port', async () => {
    await gotoForm(`/${MODEL}/new`);
    await page.getByLabel('Name', { exact: true }).fill('pve-invalid');
    await page.getByLabel('Port', { exact: true }).fill('70000');
    await page.getByRole('button', { name: 'Create proxmox endpoint' }).click();
    await waitForText(page.locator('#field-port-error'), /65535/);
    assert.equal(await page.locator('#field-domain-error').count(), 1, 'no domain error next to the port error');
  });

  test('a new port needs the token again; with it the port is saved', async () => {
    await gotoForm(`/${MODEL}/${alphaId}/edit`);
    await waitForText(page.getByRole('heading', { level: 1 }), 'Edit pve-alpha');
    const token = page.getByLabel('Token value', { exact: true });
    assert.equal(await token.inputValue(), '');
    assert.equal(await token.getAttribute('placeholder'), 'Leave blank to keep the current value');
    await waitForText(page.locator('#field-tokenValue-status'), 'Currently set.');
    const port = page.getByLabel('Port', { exact: true });
    assert.equal(await port.inputValue(), '8006');
    await port.fill('8443');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // A stored secret is only sent to the address it was entered for.
    await waitForText(page.locator('#field-tokenValue-error'), /the address changed/);
    assert.equal(new URL(page.url()).pathname, `/${MODEL}/${alphaId}/edit`);
    await page.getByLabel('Port', { exact: true }).fill('8443');
    await page.getByLabel('Token value', { exact: true }).fill(SECRET);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(new RegExp(`/${MODEL}/${alphaId}$`), { timeout: 15_000 });

    await gotoChecked(`/${MODEL}/${alphaId}`);
    assert.equal(squash(await detailValue('Port').textContent()), '8443');
    assert.equal(squash(await detailValue('Token value').textContent()), 'set');
    assert.equal(squash(await detailValue('Domain').textContent()), 'pve1.example.com', 'an untouched field changed');
  });

  test('search and filters narrow the list, live in the URL and undo with Back', async () => {
    betaId = await createEndpoint({
      name: 'pve-beta',
      domain: 'pve2.example.net',
      tokenName: 'sync',
      tokenValue: BETA_SECRET,
    });
    assert.ok(betaId > alphaId);

    await gotoChecked(`/${MODEL}`);
    await page.waitForLoadState('networkidle');
    await waitForText(pagination(), '1–2 of 2');
    let rows = await readTable(listTable());
    assert.deepEqual(
      rows.map((r) => [r.Name, r.Domain, r.Port, r['Token name']]),
      [
        ['pve-alpha', 'pve1.example.com', '8443', 'proxbox'],
        ['pve-beta', 'pve2.example.net', '8006', 'sync'],
      ],
    );
    await app.screenshot(page, 'list-proxmox-endpoints');

    // Quick search (debounced as the user types).
    await page.getByRole('searchbox', { name: 'Quick search' }).fill('example.net');
    await page.waitForURL((url) => url.searchParams.get('q') === 'example.net');
    await waitForText(pagination(), '1–1 of 1');
    rows = await readTable(listTable());
    assert.deepEqual(
      rows.map((r) => r.Name),
      ['pve-beta'],
    );
    assert.equal(new URL(page.url()).search, '?q=example.net');

    // Back: the full list returns.
    await page.goBack();
    await page.waitForURL((url) => url.pathname === `/${MODEL}` && url.search === '');
    await waitForText(pagination(), '1–2 of 2');
    assert.deepEqual(
      (await readTable(listTable())).map((r) => r.Name),
      ['pve-alpha', 'pve-beta'],
    );
    assert.equal(await page.getByRole('searchbox', { name: 'Quick search' }).inputValue(), '');

    // A filter control: ports from 8400 up.
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    const panel = page.getByRole('form', { name: 'Filters' });
    await panel.getByLabel('Port from', { exact: true }).fill('8400');
    await panel.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('port__gte') === '8400');
    await waitForText(pagination(), '1–1 of 1');
    assert.deepEqual(
      (await readTable(listTable())).map((r) => [r.Name, r.Port]),
      [['pve-alpha', '8443']],
    );
    await waitForText(page.getByRole('button', { name: /^Filters/ }), 'Filters (1)');

    // The URL is shareable: another tab of the same user opens the same filtered list.
    const shared = page.url();
    const other = await page.context().newPage();
    try {
      await other.goto(shared);
      await waitForText(other.getByRole('navigation', { name: 'Pagination' }).locator('p'), '1–1 of 1');
      assert.deepEqual(
        (await readTable(other.getByRole('main').getByRole('table'))).map((r) => r.Name),
        ['pve-alpha'],
      );
    } finally {
      await other.close();
    }

    await page.goBack();
    await page.waitForURL((url) => url.pathname === `/${MODEL}` && url.search === '');
    await waitForText(pagination(), '1–2 of 2');
    assert.deepEqual(
      (await readTable(listTable())).map((r) => r.Name),
      ['pve-alpha', 'pve-beta'],
    );
  });

  test('the change log lists the creates and the update by admin; the detail page shows history', async () => {
    await gotoChecked('/');
    await page.locator('aside').getByRole('link', { name: 'Change log', exact: true }).click();
    await page.waitForURL('**/object-changes');
    await waitForText(page.getByRole('heading', { level: 1 }), 'Change log');
    await waitForText(pagination(), '1–3 of 3');
    const rows = await readTable(listTable());
    // Newest first.
    assert.deepEqual(
      rows.map((r) => [r['User name'], r.Action, r['Object type'], r.Object]),
      [
        ['admin', 'Create', 'Proxmox endpoint', 'pve-beta'],
        ['admin', 'Update', 'Proxmox endpoint', 'pve-alpha'],
        ['admin', 'Create', 'Proxmox endpoint', 'pve-alpha'],
      ],
    );
    // Each row links to its change (the first column's link; its text is the time, tested below).
    const links = listTable().locator('tbody tr td:first-child a');
    assert.equal(await links.count(), 3);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      assert.match(href ?? '', /^\/object-changes\/\d+$/);
    }
    await app.screenshot(page, 'change-log');

    await gotoChecked(`/${MODEL}/${alphaId}`);
    const history = page.getByRole('region', { name: /^Change log/ });
    await waitForText(history.getByRole('heading', { level: 2 }), 'Change log (2)');
    const entries = await readTable(history.getByRole('table'));
    assert.deepEqual(
      entries.map((r) => [r['User name'], r.Action]),
      [
        ['admin', 'Update'],
        ['admin', 'Create'],
      ],
    );
    await history.getByRole('link', { name: 'View all' }).click();
    await page.waitForURL(
      (url) =>
        url.pathname === '/object-changes' &&
        url.searchParams.get('changedObjectType') === OBJECT_TYPE &&
        url.searchParams.get('changedObjectId') === String(alphaId),
    );
    await waitForText(pagination(), '1–2 of 2');
    assert.deepEqual(
      (await readTable(listTable())).map((r) => [r.Action, r.Object]),
      [
        ['Update', 'pve-alpha'],
        ['Create', 'pve-alpha'],
      ],
    );
  });

  test('the change log shows when each change happened', async () => {
    await gotoChecked('/object-changes');
    for (const row of await readTable(listTable())) assert.match(row.Time, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    await gotoChecked(`/${MODEL}/${alphaId}`);
    const history = page.getByRole('region', { name: /^Change log/ });
    for (const row of await readTable(history.getByRole('table')))
      assert.match(row.Time, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  });

  test('deleting asks for confirmation, removes the endpoint and logs the delete', async () => {
    await gotoChecked(`/${MODEL}/${alphaId}`);
    await page.waitForLoadState('networkidle');
    await page.getByRole('main').getByRole('link', { name: 'Delete', exact: true }).click();
    await page.waitForURL(`**/${MODEL}/${alphaId}/delete`);
    await waitForText(page.getByRole('heading', { level: 1 }), 'Delete pve-alpha?');
    await waitForText(page.getByText(/^Are you sure/), 'Are you sure you want to delete proxmox endpoint pve-alpha?');
    await waitForText(page.getByText('No other objects depend on it.'), 'No other objects depend on it.');
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/${MODEL}`, { timeout: 15_000 });
    await waitForText(pagination(), '1–1 of 1');
    assert.deepEqual(
      (await readTable(listTable())).map((r) => r.Name),
      ['pve-beta'],
    );

    const gone = await page.goto(`/${MODEL}/${alphaId}`);
    assert.equal(gone?.status(), 404, 'the deleted endpoint still has a detail page');

    await gotoChecked('/object-changes');
    await waitForText(pagination(), '1–4 of 4');
    const [latest] = await readTable(listTable());
    assert.deepEqual(
      [latest['User name'], latest.Action, latest['Object type'], latest.Object],
      ['admin', 'Delete', 'Proxmox endpoint', 'pve-alpha'],
    );
  });

  test('no response the browser received contained a secret', async () => {
    const results = await Promise.all(bodies);
    assert.ok(results.length > 20, `only ${results.length} responses recorded`);
    assert.deepEqual(
      results.filter((r) => r.leaked).map((r) => r.url),
      [],
    );
  });
});
