/**
 * When the engine worker dies — out of memory, a crash, the browser killing it — the page says
 * so in words, keeps its address (settings and filters), and loads the data again from the
 * device copy in one click; mid-query and mid-load. The worker is killed the way the browser
 * does it (`terminate()`: no event, no answer), through a hook that only a browser driven by
 * automation has. And files too large for the tab are refused before they are loaded, with the
 * sizes and the command-line tool named.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { dropFiles, kpiNumber, useBrowser } from './browser';

const browser = useBrowser();

async function killEngine(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __kizunaEngine: { kill(): void } }).__kizunaEngine.kill());
}

/** axe's serious and critical findings on the page as it is (a scan that checked nothing fails). */
async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}`));
}

const settled = (page: Page) => page.waitForFunction(() => document.querySelectorAll('[aria-busy=true]').length === 0, undefined, { timeout: 120_000 });

it('says so when the worker dies mid-query, keeps the address and reloads the data in one click', async () => {
  const { page } = await browser.open('en-US', '/?demo');
  await page.waitForURL('**/overview', { timeout: 60_000 });
  await page.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  const customers = await kpiNumber(page, 'Customers');
  expect(customers).toBeGreaterThan(1000);

  // A filter in the address (the page reloads: the data comes back from the device copy)…
  await page.goto(page.url().replace(/\/overview.*$/, '/overview?channel=EC'));
  await page.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  await settled(page);
  // …kept by the menu's links: the programme page, killed while its cards are still computing.
  await page.getByRole('link', { name: 'Programme effect', exact: true }).click();
  await page.waitForURL('**/programme?channel=EC');
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy=true]').length > 0, undefined, { timeout: 60_000 });
  const address = page.url();
  await killEngine(page);

  const banner = page.getByRole('region', { name: 'The analysis engine stopped' });
  await banner.waitFor({ timeout: 60_000 });
  expect(await banner.innerText()).toContain('Your settings, filters and this page’s address are kept.');
  // The calls in flight were answered (with the engine's death), not left hanging.
  await page.getByText('The analysis engine stopped. Use “Reload data” at the top of the page.').first().waitFor({ timeout: 30_000 });
  await settled(page);
  expect(page.url()).toBe(address);
  expect(await axe(page)).toEqual([]);

  await banner.getByRole('button', { name: 'Reload data' }).click();
  await page.getByRole('table', { name: 'Members vs non-members, as they stand' }).waitFor({ timeout: 120_000 });
  await settled(page);
  expect(await banner.count()).toBe(0);
  expect(await page.getByText('The analysis engine stopped').count()).toBe(0);
  expect(page.url()).toBe(address);

  // The fresh worker has the same data: the overview's figures are the same.
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  await page.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  await settled(page);
  expect(page.url()).toContain('channel=EC');
});

it('says so in Japanese when the worker dies mid-load, and loads the data again in one click', async () => {
  const { page } = await browser.open('ja-JP', '/', { colorScheme: 'dark' });
  await page.getByText('分析エンジン準備完了').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'デモデータで試す' }).click();
  // Killed while the demo is being made and loaded (its progress and cancel button on screen).
  await page.getByRole('button', { name: 'キャンセル' }).waitFor({ timeout: 30_000 });
  await killEngine(page);

  const banner = page.getByRole('region', { name: '分析エンジンが停止しました' });
  await banner.waitFor({ timeout: 60_000 });
  expect(await banner.innerText()).toContain('データの読み込み中でした。');
  expect(page.url()).not.toContain('/overview');
  expect(await axe(page)).toEqual([]);

  await banner.getByRole('button', { name: 'データを再読み込み' }).click();
  await page.getByRole('heading', { name: 'データ品質' }).waitFor({ timeout: 120_000 });
  expect(await banner.count()).toBe(0);
  await page.getByRole('link', { name: '概要', exact: true }).click();
  await page.getByRole('group', { name: '購入顧客数', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  expect(await kpiNumber(page, '購入顧客数')).toBeGreaterThan(1000);
});

it('loads an own file again after the worker dies, from the copy kept on the device', async () => {
  const { page } = await browser.open('en-US', '/');
  await page.getByText('Analysis engine ready').waitFor({ timeout: 60_000 });
  const csv = 'order_id,order_date,customer_id,amount\nA1,2024-03-05,C1,1200\nA2,2024-03-09,C2,800\nA3,2024-05-01,C1,1500\n';
  await dropFiles(page, [{ name: 'orders.csv', bytes: new TextEncoder().encode(csv), type: 'text/csv' }]);
  await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('heading', { name: 'Data quality' }).waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  await page.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  // A reload: the data comes back from the device copy (no files asked for), then the worker dies.
  await page.reload();
  await page.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  await killEngine(page);
  const banner = page.getByRole('region', { name: 'The analysis engine stopped' });
  await banner.waitFor({ timeout: 60_000 });
  await banner.getByRole('button', { name: 'Reload data' }).click();
  await expect.poll(() => banner.count(), { timeout: 60_000 }).toBe(0);
  await page.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  expect(await kpiNumber(page, 'Customers')).toBe(2);
  expect(await page.getByText('orders.csv · 3 rows').count()).toBe(1);
});

it('reads the files again when the worker dies while their mapping is on screen', async () => {
  const { page } = await browser.open('en-US', '/');
  await page.getByText('Analysis engine ready').waitFor({ timeout: 60_000 });
  const csv = 'order_id,order_date,customer_id,amount\nA1,2024-03-05,C1,1200\nA2,2024-03-09,C2,800\n';
  await dropFiles(page, [{ name: 'orders.csv', bytes: new TextEncoder().encode(csv), type: 'text/csv' }]);
  await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
  await killEngine(page);
  const banner = page.getByRole('region', { name: 'The analysis engine stopped' });
  await banner.waitFor({ timeout: 60_000 });
  await banner.getByRole('button', { name: 'Reload data' }).click();
  await expect.poll(() => banner.count(), { timeout: 60_000 }).toBe(0);
  await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('heading', { name: 'Data quality' }).waitFor({ timeout: 60_000 });
  await expect.poll(() => page.getByText('orders.csv: 2 data rows = 2 loaded + 0 rejected').count()).toBe(1);
});

it('refuses files too large for the tab before loading them, naming the command-line tool', async () => {
  const { page, context } = await browser.open('en-US', '/');
  // A phone that reports 256 MB of memory: a tab there gets 128 MB, less than DuckDB alone needs.
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 0.25 }));
  await page.reload();
  await page.getByText('Analysis engine ready').waitFor({ timeout: 60_000 });
  const csv = 'order_id,order_date,customer_id,amount\nA1,2024-03-05,C1,1200\n';
  await dropFiles(page, [{ name: 'orders.csv', bytes: new TextEncoder().encode(csv), type: 'text/csv' }]);
  const notice = page.getByRole('region', { name: 'These files will not fit in this tab’s memory' });
  await notice.waitFor({ timeout: 30_000 });
  const text = await notice.innerText();
  expect(text).toContain('orders.csv (');
  expect(text).toContain('this tab can use about 128 MB (half the memory this device reports)');
  expect(text).toContain('npx kizuna');
  expect(await page.getByRole('heading', { name: 'Check the columns' }).count()).toBe(0);
  expect(await axe(page)).toEqual([]);
  // The user may still try.
  await notice.getByRole('button', { name: 'Load anyway' }).click();
  await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
});
