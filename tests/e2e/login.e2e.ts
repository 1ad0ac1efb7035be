// Login smoke: the proxy sends anonymous visitors to /login, which shows the logo and the tab
// icon, a wrong password is refused with a visible error, the admin's password opens the dashboard.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startApp, type App } from './harness';

describe('login', { timeout: 180_000 }, () => {
  let app: App;

  before(async () => {
    app = await startApp();
  });

  after(async () => {
    await app?.stop();
  });

  test('an anonymous visit to / redirects to /login', async () => {
    const page = await app.newPage();
    const response = await page.goto('/');
    assert.ok(response, 'no response for /');
    assert.equal(new URL(page.url()).pathname, '/login');
    await page.locator('input[name=password]').waitFor({ state: 'visible' });
  });

  test('the login page shows the logo and links the SVG icon the browser tab shows, served without a session', async () => {
    const page = await app.newPage();
    await page.goto('/login');
    assert.deepEqual(
      await page
        .locator('link[rel=icon]')
        .evaluateAll((links) => links.map((l) => [l.getAttribute('href'), l.getAttribute('type')])),
      [['/icon.svg', 'image/svg+xml']],
    );
    const logo = page.locator('main img[src="/logo.svg"]');
    await logo.waitFor({ state: 'visible' });
    assert.equal(
      await logo.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth),
      64,
    );
    for (const file of ['/icon.svg', '/logo.svg']) {
      const res = await fetch(`${app.baseUrl}${file}`, { redirect: 'manual' });
      assert.equal(res.status, 200, file);
      assert.match(res.headers.get('content-type') ?? '', /^image\/svg\+xml/, file);
      assert.match(await res.text(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, file);
    }
  });

  test('a wrong password shows an error and stays on /login', async () => {
    const page = await app.newPage();
    await app.submitLogin(page, app.adminUsername, `${app.adminPassword}-wrong`);
    // Next's route announcer is also a role=alert (empty, or the page title): not an error.
    const error = page
      .locator('[role=alert]:not(#__next-route-announcer__)')
      .filter({ hasText: /\S/ })
      .or(page.getByText(/invalid|incorrect|wrong|failed/i))
      .first();
    await error.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.match((await error.textContent()) ?? '', /\S/, 'the error element is empty');
    await app.screenshot(page, 'login-wrong-password');
  });

  test('the admin password logs in and lands on /', async () => {
    const page = await app.newPage();
    await app.login(page);
    assert.equal(new URL(page.url()).pathname, '/');
    const cookies = await page.context().cookies();
    assert.ok(
      cookies.some((cookie) => cookie.name.includes('session-token')),
      `no session cookie after login (cookies: ${cookies.map((c) => c.name).join(', ') || 'none'})`,
    );
    // The session survives a reload: still on /, not sent back to /login.
    await page.reload();
    assert.equal(new URL(page.url()).pathname, '/');
    await page.waitForLoadState('load');
    const file = await app.screenshot(page, 'home');
    assert.ok(statSync(file).size > 0, 'empty screenshot');
  });
});
