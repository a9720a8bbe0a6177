import { describe, expect, it } from 'vitest';
import { useBrowser, kpiFull, kpiNumber } from './browser';
import { NodeDatabase } from '../helpers/duckdb';
import { firstRow } from '../../src/lib/engine/types';
import { generateDemo } from '../../src/lib/demo/generate';

const browser = useBrowser();

describe('the demo shop', () => {
  it('opens on the overview in one click, with figures that match the demo files', async () => {
    // Independent truth from the generated CSV: completed orders only (cancellations and returns are not sales).
    const db = await NodeDatabase.open();
    const orders = generateDemo().find((f) => f.name === 'orders.csv')!;
    await db.registerBuffer('o.csv', new TextEncoder().encode(orders.text));
    const truth = firstRow<{ customers: number; orders: number; revenue: number }>(
      await db.query(`SELECT count(DISTINCT 顧客ID) AS customers, count(DISTINCT 注文番号) AS orders, sum(CAST(金額 AS DOUBLE)) AS revenue
        FROM read_csv('o.csv', all_varchar=true) WHERE ステータス = '完了'`)
    );
    db.close();

    const session = await browser.open('en-US');
    const { page } = session;
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
    expect(await kpiNumber(page, 'Customers')).toBe(truth.customers);
    expect(await kpiNumber(page, 'Orders')).toBe(truth.orders);
    expect(await kpiFull(page, 'Revenue (net of returns)')).toBe('¥' + Math.round(truth.revenue).toLocaleString('en-US'));
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(3);

    // Filters live in the URL: choosing a channel changes the figures, reload and back restore the view.
    const all = await kpiNumber(page, 'Orders');
    await page.getByLabel('Channel').selectOption('アプリ');
    await page.waitForURL(/channel=/);
    await expect.poll(() => kpiNumber(page, 'Orders')).toBeLessThan(all);
    const app = await kpiNumber(page, 'Orders');
    await page.reload();
    await page.getByRole('group', { name: 'Orders', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
    await expect.poll(() => kpiNumber(page, 'Orders'), { timeout: 30_000 }).toBe(app);
    expect(await page.getByLabel('Channel').inputValue()).toBe('アプリ');
    await page.goBack();
    await expect.poll(() => kpiNumber(page, 'Orders'), { timeout: 30_000 }).toBe(all);
  });

  it('downloads a chart as CSV with a BOM, and shows it as a table', async () => {
    const session = await browser.open('ja-JP', '/?demo');
    const { page } = session;
    await page.waitForURL('**/overview', { timeout: 60_000 });
    const card = page.getByRole('region', { name: 'パレート曲線' });
    await card.getByRole('button', { name: 'CSV をダウンロード' }).waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'CSV をダウンロード' }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const csv = Buffer.concat(chunks);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('顧客の割合');
    await card.getByRole('button', { name: '表で見る' }).click();
    await expect.poll(() => card.getByRole('table').count()).toBe(1);
  });
});
