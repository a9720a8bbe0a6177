import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import { useBrowser, dropFiles, kpiFull, kpiNumber, type Session } from './browser';

const browser = useBrowser();

/** First visit: the service worker installs and caches the app and DuckDB; then the network goes. */
async function offlineAfterFirstVisit({ page, context }: Session): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 }).toBe(true);
  await context.setOffline(true);
  await page.goto(page.url());
}

it('works with the network off after the first visit (demo included)', async () => {
  const session = await browser.open('ja-JP');
  const { page } = session;
  await offlineAfterFirstVisit(session);
  await page.getByRole('button', { name: 'デモデータで試す' }).click();
  await page.waitForURL('**/overview', { timeout: 60_000 });
  await page.getByRole('group', { name: '購入顧客数', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  expect(await kpiNumber(page, '購入顧客数')).toBeGreaterThan(20_000);
  expect(session.pageErrors).toEqual([]);
});

it('reads an Excel export with the network off (its reader is loaded only then)', async () => {
  const session = await browser.open('ja-JP');
  const { page } = session;
  await offlineAfterFirstVisit(session);
  const xlsx = await writeXlsxFile([
    [{ value: '注文番号' }, { value: '注文日' }, { value: '会員番号' }, { value: '合計金額' }],
    [{ value: 'A001' }, { value: new Date(Date.UTC(2024, 2, 5)), format: 'yyyy/mm/dd' }, { value: 'M0001' }, { value: 1200 }],
    [{ value: 'A002' }, { value: new Date(Date.UTC(2024, 2, 9)), format: 'yyyy/mm/dd' }, { value: 'M0002' }, { value: 800 }],
    [{ value: 'A003' }, { value: new Date(Date.UTC(2024, 4, 1)), format: 'yyyy/mm/dd' }, { value: 'M0001' }, { value: 1500 }]
  ]).toBuffer();
  await dropFiles(page, [{ name: '受注.xlsx', bytes: new Uint8Array(xlsx) }]);
  await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'この内容で読み込む' }).click();
  await page.getByRole('heading', { name: 'データ品質' }).waitFor({ timeout: 60_000 });
  await expect.poll(() => page.getByText('受注.xlsx: データ 3 行 = 読み込み 3 行 + 除外 0 行').count()).toBe(1);
  await page.getByRole('link', { name: /概要を見る/ }).click();
  await page.getByRole('group', { name: '購入顧客数', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  expect(await kpiNumber(page, '購入顧客数')).toBe(2);
  expect(await kpiFull(page, '売上(返品差引後)')).toBe('￥3,500');
});

it('reads a CSV and a Shift_JIS export with the network off', async () => {
  const session = await browser.open('ja-JP');
  const { page } = session;
  await offlineAfterFirstVisit(session);
  const csv = '注文番号,注文日,会員番号,合計金額\nB1,2024-03-05,M1,1200\nB2,2024-03-09,M2,800\nB3,2024-05-01,M1,1500\n';
  const sjis = readFileSync(path.resolve(__dirname, '../fixtures/ec-cube-sjis.csv'));
  await dropFiles(page, [
    { name: '注文.csv', bytes: new TextEncoder().encode(csv), type: 'text/csv' },
    { name: '受注一覧.csv', bytes: new Uint8Array(sjis), type: 'text/csv' }
  ]);
  await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });
  await expect.poll(() => page.getByText('Shift_JIS (CP932)').count()).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'この内容で読み込む' }).click();
  await page.getByRole('heading', { name: 'データ品質' }).waitFor({ timeout: 60_000 });
  await expect.poll(() => page.getByText('注文.csv: データ 3 行 = 読み込み 3 行 + 除外 0 行').count()).toBe(1);
  await expect.poll(() => page.getByText('受注一覧.csv: データ 8 行 = 読み込み 7 行 + 除外 1 行').count()).toBe(1);
});

it('shares a page, opens the link and downloads a report with the network off', async () => {
  const session = await browser.open('en-US');
  const { page, context } = session;
  await offlineAfterFirstVisit(session);
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await page.waitForURL('**/overview', { timeout: 60_000 });
  const customers = page.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value');
  await customers.waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Share link' });
  await box.waitFor({ timeout: 30_000 });
  const link = await box.inputValue();
  await page.keyboard.press('Escape');

  const shared = await context.newPage();
  await shared.goto(link);
  await shared.getByText(/^Shared snapshot, created /).waitFor({ timeout: 30_000 });
  await shared.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').waitFor({ timeout: 30_000 });
  expect(await shared.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').innerText()).toBe(await customers.innerText());
  const [download] = await Promise.all([shared.waitForEvent('download'), shared.getByRole('button', { name: 'Download report' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^kizuna-report-overview-.*\.html$/);
  expect(readFileSync((await download.path())!, 'utf8')).toContain('<svg');

  await page.getByRole('button', { name: 'Report', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Download a report file' });
  const [fromApp] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download', exact: true }).click()]);
  expect(readFileSync((await fromApp.path())!, 'utf8')).toContain('Revenue (net of returns)');
});
