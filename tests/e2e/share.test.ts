/**
 * Share links and report files as an executive and a consultant meet them: every page of the demo
 * shared, the link opened in a fresh browser that may reach nothing but the app's origin, with the
 * same figures and no DuckDB (no .wasm request), on a desktop and on a 375 px phone; links that
 * were cut or tampered with; and the report file, opened from disk with no network at all.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import fc from 'fast-check';
import { baseURL, dropFiles, useBrowser } from './browser';
import { files, secrets, shop } from '../helpers/pii-shop';

const browser = useBrowser();

/** A fresh browser profile that may only talk to the app's origin; every request is recorded. */
async function isolated(b: Browser, viewport = { width: 1280, height: 900 }) {
  const context = await b.newContext({ locale: 'en-US', viewport, acceptDownloads: true });
  const origin = new URL(baseURL()).origin;
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    return url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:') ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, requests, errors };
}

/** Share → the link from the dialog (its length shown), then close the dialog. */
async function shareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this page' });
  const box = dialog.getByRole('textbox', { name: 'Share link' });
  await box.waitFor({ timeout: 30_000 });
  const link = await box.inputValue();
  expect(await dialog.innerText()).toContain(`Link length: ${link.length.toLocaleString('en-US')} characters`);
  expect(await dialog.innerText()).toMatch(/no customer IDs, names, e-mail addresses, phone numbers, comments or customer lists/);
  await page.keyboard.press('Escape');
  return link;
}

/** What a page shows in figures: its KPI cards and its tables, as text. */
async function figures(page: Page): Promise<string[]> {
  const kpis = await page.locator('[role=group] .kpi-value').evaluateAll((els) => els.map((e) => `${e.closest('[role=group]')!.getAttribute('aria-label')}: ${e.getAttribute('title') ?? e.textContent}`));
  // Customer lists (virtual tables) never enter a snapshot.
  const tables = await page.locator('main table:not([aria-rowcount])').evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText));
  return [...kpis, ...tables];
}

const PAGES = [
  { nav: 'Overview', path: '/overview', ready: (p: Page) => p.getByRole('group', { name: 'Orders', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 }) },
  { nav: 'Loyal customers', path: '/loyal', ready: (p: Page) => p.getByRole('table', { name: 'Loyal customers compared with everyone else' }).waitFor({ timeout: 60_000 }) },
  { nav: 'Segments', path: '/segments', ready: (p: Page) => p.locator('canvas').nth(3).waitFor({ timeout: 60_000 }) },
  { nav: 'Cohorts & LTV', path: '/cohorts', ready: (p: Page) => p.locator('canvas').nth(4).waitFor({ timeout: 60_000 }) },
  { nav: 'Predicted CLV', path: '/clv', ready: (p: Page) => p.getByRole('table', { name: 'Model estimates' }).waitFor({ timeout: 120_000 }) },
  { nav: 'NPS & voice', path: '/nps', ready: (p: Page) => p.getByRole('table', { name: 'Attitude and behaviour' }).waitFor({ timeout: 60_000 }) },
  { nav: 'Campaigns & coupons', path: '/campaigns', ready: (p: Page) => p.getByRole('table', { name: 'Results by campaign or coupon' }).waitFor({ timeout: 60_000 }) },
  { nav: 'Tiers & points', path: '/tiers', ready: (p: Page) => p.getByRole('table', { name: 'Customers and revenue by tier' }).waitFor({ timeout: 60_000 }) },
  { nav: 'Referral', path: '/referral', ready: (p: Page) => p.getByRole('table', { name: 'Referred vs other customers, first year' }).waitFor({ timeout: 60_000 }) },
  { nav: 'Goals', path: '/goals', ready: (p: Page) => p.getByRole('table', { name: 'Where each metric stands' }).waitFor({ timeout: 60_000 }) },
  { nav: 'Programme effect', path: '/programme', ready: (p: Page) => p.getByRole('table', { name: 'Members vs non-members, as they stand' }).waitFor({ timeout: 120_000 }) }
];

describe('share links', () => {
  it('open every page of the demo with the same figures, without DuckDB and without any other origin, on a desktop and a phone', async () => {
    const { page, context } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    const b = context.browser()!;
    for (const p of PAGES) {
      await page.getByRole('link', { name: p.nav, exact: true }).click();
      await page.waitForURL(`**${p.path}`);
      await p.ready(page);
      // The figures settle once every card has its result (customer lists are not part of a snapshot).
      await page.waitForFunction(() => document.querySelectorAll('[aria-busy=true]').length === 0, undefined, { timeout: 120_000 });
      const live = await figures(page);
      const link = await shareLink(page);
      expect(link.length, p.path).toBeLessThan(8000);

      for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
        const shared = await isolated(b, viewport);
        await shared.page.goto(link);
        await shared.page.getByText(/^Shared snapshot, created /).waitFor({ timeout: 30_000 });
        await p.ready(shared.page);
        expect(await figures(shared.page), `${p.path} at ${viewport.width} px`).toEqual(live);
        expect(shared.requests.filter((u) => u.endsWith('.wasm')), p.path).toEqual([]);
        expect(shared.requests.filter((u) => !u.startsWith(new URL(baseURL()).origin) && !/^(data|blob):/.test(u))).toEqual([]);
        expect(shared.errors).toEqual([]);
        // Read-only: no filters to change, no customer list; a phone gets one column and no sideways scrolling.
        expect(await shared.page.getByRole('form', { name: 'Filters' }).count()).toBe(0);
        if (viewport.width === 375) expect(await shared.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await shared.context.close();
      }
    }
  });

  it('explain a link that was cut, changed or is not a snapshot, and still offer the app', async () => {
    const { page } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('group', { name: 'Orders', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
    const link = await shareLink(page);
    const cases: [string, RegExp][] = [
      [link.slice(0, link.length - 100), /has been cut short/],
      [link.replace(/#z(\d+)\.(.{20})/, (_, n, s) => `#z${n}.${s.split('').reverse().join('')}`), /damaged|not valid|could not be read/],
      [`${baseURL()}/share#hello`, /not a Kizuna share link/],
      [`${baseURL()}/share`, /holds no snapshot/]
    ];
    for (const [url, message] of cases) {
      await page.goto(url);
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.innerText()).toMatch(message);
      expect(await alert.getByRole('link', { name: 'Open Kizuna with your own data' }).count()).toBe(1);
    }
  });
});

describe('report files', () => {
  it('hold every page as SVG charts with their tables, and open from disk with no network and no script', async () => {
    const { page, context } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    const orders = page.getByRole('group', { name: 'Orders', exact: true }).locator('.kpi-value');
    await orders.waitFor({ timeout: 60_000 });
    const ordersShown = await orders.getAttribute('title');
    await page.getByRole('button', { name: 'Report', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Download a report file' });
    await dialog.getByRole('radio', { name: /All analysis pages/ }).check();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 180_000 }),
      dialog.getByRole('button', { name: 'Download', exact: true }).click()
    ]);
    expect(download.suggestedFilename()).toMatch(/^kizuna-report-all-\d{4}-\d{2}-\d{2}\.html$/);
    // Saved as the user would get it (Playwright keeps downloads under a name without extension).
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kizuna-report-')), download.suggestedFilename());
    await download.saveAs(file);
    const html = readFileSync(file, 'utf8');
    console.log(`report of all pages: ${(html.length / 1024).toFixed(0)} KB`);
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    for (const title of ['Overview', 'Loyal customers', 'Segments', 'Cohorts and lifetime value', 'Predicted customer lifetime value', 'NPS &amp; voice', 'Programme effect', 'Campaigns &amp; coupons', 'Tiers &amp; points', 'Referral', 'Goals vs actuals']) expect(html).toContain(title);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(12);

    // Opened from disk in a browser that may fetch nothing at all.
    const offline = await context.browser()!.newContext({ javaScriptEnabled: false, offline: true });
    const requests: string[] = [];
    offline.on('request', (r) => requests.push(r.url()));
    const report = await offline.newPage();
    await report.goto(`file://${file}`);
    expect(await report.getByRole('group', { name: 'Orders', exact: true }).locator('.kpi-value').getAttribute('title')).toBe(ordersShown);
    expect(await report.getByRole('table').count()).toBeGreaterThanOrEqual(12);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    // A4, a page per analysis page.
    const pdf = await report.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    await offline.close();
  });

  it('leave out every customer of generated shops full of personal data (property, in the browser)', async () => {
    const { page } = await browser.open('en-US');
    for (const people of fc.sample(shop, { numRuns: 2, seed: 20261202 })) {
      await page.getByRole('link', { name: 'Data', exact: true }).click();
      await dropFiles(page, files(people).map((f) => ({ name: f.name, bytes: new TextEncoder().encode(f.text), type: 'text/csv' })));
      await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Load', exact: true }).click();
      await page.getByRole('heading', { name: 'Data quality' }).waitFor({ timeout: 60_000 });
      // Cohorts split by channel, some channels being one customer's e-mail address.
      await page.getByRole('link', { name: 'Cohorts & LTV', exact: true }).click();
      await page.getByLabel('Split by first order').selectOption('channel');
      await page.waitForURL(/by=channel/);
      await page.locator('main canvas').first().waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 60_000 });
      await page.getByRole('button', { name: 'Report', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Download a report file' });
      await dialog.getByRole('radio', { name: /All analysis pages/ }).check();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), dialog.getByRole('button', { name: 'Download', exact: true }).click()]);
      const html = readFileSync((await download.path())!, 'utf8');
      expect(html).toContain('<svg');
      for (const secret of secrets(people)) expect(html.includes(secret), secret).toBe(false);
      await page.keyboard.press('Escape');
    }
  });
});
