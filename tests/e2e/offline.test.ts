import { expect, it } from 'vitest';
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
