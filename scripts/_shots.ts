import { chromium } from 'playwright-core';
const base = process.argv[2]; const pw = process.argv[3];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
await page.goto(base + '/login');
await page.fill('input[name=username]', 'admin'); await page.fill('input[name=password]', pw);
await page.click('button[type=submit]'); await page.waitForURL((u) => !u.pathname.startsWith('/login'));
for (const [name, path] of process.argv.slice(4).map((a) => a.split('='))) {
  const t = Date.now(); await page.goto(base + path); await page.screenshot({ path: `/tmp/shot-${name}.png`, fullPage: true }); console.log(name, Date.now() - t, 'ms');
}
await browser.close();
