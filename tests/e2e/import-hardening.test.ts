/**
 * Import hardening, as a new user meets it: a file dropped while the previous dataset is being
 * reopened after a reload wins; a file whose line endings are mixed loads, in Japanese, with no
 * engine text on the page.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useBrowser, dropFiles, kpiFull, kpiNumber } from './browser';

const browser = useBrowser();
const enc = (s: string) => new TextEncoder().encode(s);

describe('import hardening', () => {
  it('a file dropped right after a reload, while the previous data is being reopened, is the one loaded', async () => {
    const { page } = await browser.open('ja-JP');
    const rows = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}${i},2024-0${1 + (i % 9)}-1${i % 10},${1000 + i}`).join('\n');
    await dropFiles(page, [{ name: 'old.csv', bytes: enc(`customer_id,order_date,amount\n${rows('A', 40)}\n`) }]);
    await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'この内容で読み込む' }).click();
    await page.getByText('old.csv: データ 40 行 = 読み込み 40 行 + 除外 0 行').waitFor({ timeout: 60_000 });

    await page.reload();
    // The previous data is being reopened from the device: a new file dropped now must win.
    await page.getByRole('heading', { name: '読み込み中' }).waitFor({ timeout: 60_000 });
    await dropFiles(page, [{ name: 'new.csv', bytes: enc(`customer_id,order_date,amount\n${rows('B', 7)}\n`) }], 'main');
    await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('region', { name: 'new.csv' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'old.csv' }).count()).toBe(0);
    // …and stays: the reopen does not come back over it.
    await page.getByRole('button', { name: 'この内容で読み込む' }).click();
    await page.getByText('new.csv: データ 7 行 = 読み込み 7 行 + 除外 0 行').waitFor({ timeout: 60_000 });
    expect(await page.getByText(/old\.csv/).count()).toBe(0);

    // The next reload reopens the new data.
    await page.reload();
    await page.getByText('new.csv: データ 7 行 = 読み込み 7 行 + 除外 0 行').waitFor({ timeout: 60_000 });
  });

  it('a file mixing CRLF, LF and lone CR line endings loads, every row accounted for, with no engine text shown', async () => {
    const { page } = await browser.open('ja-JP');
    const text = '会員番号,注文日,金額\r\nM1,2024/1/5,1000\nM2,2024/1/6,2000\rM3,2024/2/1,500\r\nM4,2024/2/31,7\nM5,R6.3.1,8\r\n';
    await dropFiles(page, [{ name: '混在.csv', bytes: enc(text) }]);
    await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('列「注文日」の役割').inputValue()).toBe('order_date');
    await page.getByRole('button', { name: 'この内容で読み込む' }).click();
    await page.getByText('混在.csv: データ 5 行 = 読み込み 4 行 + 除外 1 行').waitFor({ timeout: 60_000 });
    const row = page.getByRole('row').filter({ hasText: '2024/2/31' });
    expect(await row.innerText()).toMatch(/5\s+注文日\s+日付として読めない/);
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/strict_mode|sample_size|Invalid Input Error|state machine/);
  });

  it('a Shopify orders export: Name is the order number, each order’s total counted once', async () => {
    const { page } = await browser.open('ja-JP');
    const bytes = readFileSync(path.resolve(__dirname, '../fixtures/shopify-orders.csv'));
    await dropFiles(page, [{ name: 'orders_export.csv', bytes }]);
    await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('列「Name」の役割').inputValue()).toBe('order_id');
    expect(await page.getByLabel('列「Created at」の役割').inputValue()).toBe('order_date');
    expect(await page.getByLabel('列「Total」の役割').inputValue()).toBe('amount');
    expect(await page.getByLabel('列「Email」の役割').inputValue()).toBe('email');
    // What the load will do with the order fields missing from the other lines is said, not done silently.
    expect(await page.getByText('注文ごとの項目(合計・日付・ステータスなど)は各注文の最初の行にだけ書かれています', { exact: false }).count()).toBe(1);
    await page.getByRole('button', { name: 'この内容で読み込む' }).click();
    await page.getByText('orders_export.csv: データ 12 行 = 読み込み 12 行 + 除外 0 行').waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: /概要を見る/ }).click();
    await page.getByRole('group', { name: '注文数', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
    expect(await kpiNumber(page, '注文数')).toBe(6);
    expect(await kpiFull(page, '売上(返品差引後)')).toBe('￥38,616');
  });
});
