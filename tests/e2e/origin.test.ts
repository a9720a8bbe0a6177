/**
 * No request leaves the page's origin, on any page: the import page, every analysis page (all of
 * PAGE_IDS, so a page added later is visited too), the customer lists, the settings page and a
 * shared view. Every request the browser makes is recorded (pages, workers, the service worker),
 * and so is every attempt the Content-Security-Policy blocked (which never becomes a request).
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { baseURL, useBrowser } from './browser';
import { PAGE_IDS } from '../../src/lib/pages/ids';

const browser = useBrowser();

const settled = (page: Page) =>
  page.waitForFunction(() => document.querySelectorAll('[aria-busy=true]').length === 0, undefined, { timeout: 180_000 });

/** Follow the menu's link to `path` (a client-side navigation, as a user clicks it). */
async function visit(page: Page, path: string): Promise<void> {
  await page.locator(`nav a[href="${path}"], nav a[href^="${path}?"]`).first().click();
  await page.waitForURL((u) => u.pathname === path);
  await page.locator('main h1').first().waitFor({ timeout: 60_000 });
  await settled(page);
}

it('requests nothing from another origin on any page', { timeout: 900_000 }, async () => {
  const { page, context } = await browser.open('en-US', '/');
  const origin = new URL(baseURL()).origin;
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.reload();
  const visited: string[] = [];
  const check = async () => {
    visited.push(new URL(page.url()).pathname);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), page.url()).toEqual([]);
    const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    expect(csp, page.url()).toContain("connect-src 'self'");
  };

  await page.getByText('Analysis engine ready').waitFor({ timeout: 60_000 });
  await check();
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await page.waitForURL('**/overview', { timeout: 120_000 });
  await settled(page);
  for (const id of PAGE_IDS) {
    await visit(page, `/${id}`);
    await check();
  }
  await visit(page, '/lists');
  await check();
  await visit(page, '/settings');
  await page.getByRole('table', { name: 'Data kept on this device' }).waitFor({ timeout: 30_000 });
  await check();

  // A shared view of the overview, opened as its recipient would.
  await visit(page, '/overview');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Share link' });
  await box.waitFor({ timeout: 30_000 });
  const link = await box.inputValue();
  await page.keyboard.press('Escape');
  await page.goto(link);
  await page.getByText(/Shared snapshot, created/).waitFor({ timeout: 30_000 });
  await page.locator('[role=group] .kpi-value').first().waitFor({ timeout: 30_000 });
  await check();

  expect(visited).toEqual(['/', ...PAGE_IDS.map((id) => `/${id}`), '/lists', '/settings', '/share']);
  // The record is real: the app, its engine and DuckDB's WebAssembly were all requested.
  expect(requests.some((u) => u.endsWith('.wasm'))).toBe(true);
  expect(requests.length).toBeGreaterThan(20);
  expect(requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
});
