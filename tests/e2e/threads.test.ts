/**
 * DuckDB's multi-threaded build runs where the host makes the page cross-origin isolated (sends
 * COOP/COEP), the single-threaded one everywhere else (the app's own server by default); the
 * same file gives the same figures either way, online and offline.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { useBrowser, dropFiles, kpiFull, kpiNumber } from './browser';
import { staticHost } from './static-host';

const browser = useBrowser();
let host: Awaited<ReturnType<typeof staticHost>>;
beforeAll(async () => {
  host = await staticHost(path.resolve(__dirname, '../../build'), {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp'
  });
});
afterAll(() => host?.close());

const CSV =
  'order_id,order_date,customer_id,amount\n' +
  Array.from({ length: 300 }, (_, i) => `O${i + 1},2024-${String((i % 12) + 1).padStart(2, '0')}-15,C${(i % 40) + 1},${1000 + i}`).join('\n') +
  '\n';
const REVENUE = Array.from({ length: 300 }, (_, i) => 1000 + i).reduce((a, b) => a + b, 0);

/** The engine's status line, once it is ready. */
async function engineStatus(page: Page): Promise<string> {
  const status = page.getByRole('status').filter({ hasText: 'Analysis engine ready' });
  await status.waitFor({ timeout: 60_000 });
  return status.innerText();
}

/** Expected threads: one per core, up to 4 (see src/lib/engine/duckdb-worker.ts). */
const threadsOf = (page: Page) => page.evaluate(() => Math.min(4, navigator.hardwareConcurrency));

async function loadAndCheck(page: Page): Promise<void> {
  await dropFiles(page, [{ name: 'orders.csv', bytes: new TextEncoder().encode(CSV), type: 'text/csv' }]);
  await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('link', { name: /See the overview/ }).click();
  await page.getByRole('group', { name: 'Orders', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  expect(await kpiNumber(page, 'Orders')).toBe(300);
  expect(await kpiNumber(page, 'Customers')).toBe(40);
  expect(await kpiFull(page, 'Revenue (net of returns)')).toBe(`¥${REVENUE.toLocaleString('en-US')}`);
}

it('runs the single-threaded build where the page is not isolated (the app’s own server)', async () => {
  const { page } = await browser.open('en-US');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  expect(await engineStatus(page)).not.toContain('processor cores');
});

it('runs the threaded build on a host that sends COOP/COEP, offline too, and loads a file with it', async () => {
  const { page, context } = await browser.open('en-US', host.url + '/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const threads = await threadsOf(page);
  expect(threads).toBeGreaterThan(1);
  expect(await engineStatus(page)).toContain(`uses ${threads} processor cores`);

  // The service worker keeps the threaded build for this host, and the page's isolation with it.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await page.goto(host.url + '/');
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 }).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await engineStatus(page)).toContain(`uses ${threads} processor cores`);
  await loadAndCheck(page);
});
