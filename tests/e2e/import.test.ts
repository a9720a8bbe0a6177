import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useBrowser, dropFiles, kpiFull, kpiNumber } from './browser';
import { NodeDatabase } from '../helpers/duckdb';
import { firstRow } from '../../src/lib/engine/types';
import { SHARED_DATA } from '../helpers/files';

const browser = useBrowser();

describe('importing real files', () => {
  it('loads UCI Online Retail through the mapping screen and shows the right totals', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kizuna-'));
    const csvPath = path.join(dir, 'online_retail_I.csv');
    const bytes = gunzipSync(readFileSync(path.join(SHARED_DATA, 'online-retail/online_retail_I_2010-2011.csv.gz')));
    writeFileSync(csvPath, bytes);
    // The truth, computed here with DuckDB's own CSV detection on the same bytes.
    const db = await NodeDatabase.open();
    await db.registerBuffer('retail.csv', new Uint8Array(bytes));
    const truth = firstRow<{ orders: number; customers: number; revenue: number }>(
      await db.query(`WITH l AS (SELECT InvoiceNo, CustomerID AS c, Quantity * UnitPrice AS v FROM read_csv('retail.csv') WHERE CustomerID IS NOT NULL)
        SELECT count(DISTINCT InvoiceNo) FILTER (WHERE v >= 0) AS orders, count(DISTINCT c) FILTER (WHERE v >= 0) AS customers, sum(v) AS revenue FROM l`)
    );
    db.close();

    const session = await browser.open('en-US');
    const { page } = session;
    await page.locator('input[type=file]').setInputFiles(csvPath);
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByLabel('Role of column “CustomerID”').inputValue()).toBe('customer_id');
    expect(await page.getByLabel('Role of column “InvoiceDate”').inputValue()).toBe('order_date');
    expect(await page.getByLabel('Role of column “UnitPrice”').inputValue()).toBe('unit_price');
    expect(await page.getByLabel('Role of column “Quantity”').inputValue()).toBe('quantity');
    expect(await page.getByLabel('Role of column “InvoiceNo”').inputValue()).toBe('order_id');
    // No currency sign in the file; nearly every order is from the United Kingdom.
    expect(await page.getByLabel('Amounts are in').inputValue()).toBe('GBP');

    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByRole('heading', { name: 'Data quality' }).waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByText('541,909 data rows = 541,909 loaded + 0 rejected').count()).toBe(1);
    await page.getByRole('link', { name: /See the overview/ }).click();
    await page.getByRole('group', { name: 'Orders', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
    expect(await kpiNumber(page, 'Orders')).toBe(truth.orders);
    expect(await kpiNumber(page, 'Customers')).toBe(truth.customers);
    expect(await kpiFull(page, 'Revenue (net of returns)')).toBe('£' + truth.revenue.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    await page.locator('canvas').first().waitFor();

    // Predicted CLV on a year of real data: the check up to the split sees no dropout yet, fits
    // the BG/NBD's no-dropout limit, and every figure still carries its holdout error.
    await page.getByRole('link', { name: 'Predicted CLV', exact: true }).click();
    const purchases = page.getByRole('group', { name: 'Expected purchases, next 90 days', exact: true });
    await purchases.locator('.kpi-value').waitFor({ timeout: 120_000 });
    expect(await purchases.innerText()).toMatch(/Holdout error \(purchases\): [+-]\d+\.\d%/);
    expect(await page.getByRole('group', { name: 'Predicted revenue, next 12 months', exact: true }).innerText()).toMatch(/Holdout error \(revenue\): [+-]\d/);
    const fit = page.getByRole('table', { name: 'Model estimates' });
    expect(await fit.getByRole('row', { name: /^Dropout model/ }).innerText()).toMatch(/no dropout \(NBD\)\s+no dropout \(NBD\)/);
    for (const row of await fit.getByRole('row', { name: /^Estimation/ }).allInnerTexts()) expect(row.match(/converged \(\d+ iterations\)/g)).toHaveLength(2);
  });

  it('reads a Shift_JIS EC-CUBE export with Japanese headers and dates, and says what it rejected', async () => {
    const session = await browser.open('ja-JP');
    const { page } = session;
    const bytes = readFileSync(path.resolve(__dirname, '../fixtures/ec-cube-sjis.csv'));
    await dropFiles(page, [{ name: '受注一覧.csv', bytes, type: 'text/csv' }]);
    await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByText('Shift_JIS (CP932)').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('列「会員番号」の役割').inputValue()).toBe('customer_id');
    expect(await page.getByLabel('列「受注日」の役割').inputValue()).toBe('order_date');
    expect(await page.getByLabel('列「注文時間」の役割').inputValue()).toBe('order_time');
    expect(await page.getByLabel('列「お支払い金額」の役割').inputValue()).toBe('amount');
    expect(await page.getByLabel('列「対応状況」の役割').inputValue()).toBe('status');

    await page.getByRole('button', { name: 'この内容で読み込む' }).click();
    await page.getByRole('heading', { name: 'データ品質' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByText('受注一覧.csv: データ 8 行 = 読み込み 7 行 + 除外 1 行').count()).toBe(1);
    // The rejected row is named by its row number (header = row 1), column and value.
    const row = page.getByRole('row').filter({ hasText: '2024/6/31' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/9\s+受注日\s+日付として読めない/);
    await expect.poll(() => page.getByText(/「注文キャンセル」/).count()).toBe(1);

    await page.getByRole('link', { name: /概要を見る/ }).click();
    await page.getByRole('group', { name: '購入顧客数', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
    // M001 ×2, M002 ×2, Ｍ004 ×1 (full-width id); M003 only cancelled; one guest order.
    expect(await kpiNumber(page, '購入顧客数')).toBe(3);
    expect(await kpiNumber(page, '注文数')).toBe(5);
    expect(await kpiFull(page, '売上(返品差引後)')).toBe('￥13,000');
    expect(await kpiNumber(page, 'リピーター率')).toBeCloseTo(66.7, 1);
    await expect.poll(() => page.getByText('顧客IDのない注文 1 件(￥2,500)').count()).toBe(1);
  });

  it('explains a file it cannot read, naming the file, and still loads the others', async () => {
    const session = await browser.open('ja-JP');
    const { page } = session;
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await dropFiles(page, [
      { name: 'スクリーンショット.csv', bytes: png },
      { name: 'orders.csv', bytes: new TextEncoder().encode('customer_id,order_date,amount\nA,2024-01-05,1000\nB,2024-01-06,2000\nA,2024-02-01,500\n') },
      { name: 'empty.csv', bytes: new Uint8Array() }
    ]);
    await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '「スクリーンショット.csv」はPNG 画像のため読み込めません' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '「empty.csv」は空のファイルです' }).count()).toBe(1);
    await page.getByRole('button', { name: 'この内容で読み込む' }).click();
    await page.getByRole('heading', { name: 'データ品質' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByText('orders.csv: データ 3 行 = 読み込み 3 行 + 除外 0 行').count()).toBe(1);
  });
});
