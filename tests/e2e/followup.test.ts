/**
 * The detractor follow-up list on the lists page: marks kept on the device across a reload and
 * a new load of the same files, hiding followed-up answers, the CSV export with the mark, and
 * comments shown and exported as text (markup never runs, formulas never reach a spreadsheet);
 * and the NPS quadrant, whose cells open their customer lists.
 */
import { describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { dropFiles, useBrowser } from './browser';
import { utf8 } from '../helpers/files';

const browser = useBrowser();
const number = (s: string) => Number(s.replace(/[^0-9.-]/g, ''));

async function statusCount(region: ReturnType<Page['getByRole']>): Promise<number> {
  await expect.poll(() => region.getByRole('status').innerText(), { timeout: 60_000 }).toMatch(/\d/);
  return number(await region.getByRole('status').innerText());
}

async function text(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const SCRIPT = '<script>alert(1)</script>';
const FORMULA = "=cmd|' /C calc'!A0";
const ORDERS = utf8(['customer_id,order_date,amount', 'A,2024-11-01,1200', 'B,2024-11-05,3400', 'A,2024-12-11,800'].join('\n') + '\n');
const NPS = utf8(
  [
    'customer_id,response_date,score,comment,touchpoint',
    `A,2024-12-20,2,${SCRIPT},web`,
    `B,2024-12-18,4,"${FORMULA}",store`,
    'A,2024-12-01,10,Great,web',
    'B,2023-01-01,1,Too old for the window,web'
  ].join('\n') + '\n'
);

describe('detractor follow-up list', () => {
  it('keeps follow-up marks on the device, hides and exports them (demo shop)', async () => {
    const { page } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('link', { name: 'Customer lists', exact: true }).click();
    const list = page.getByRole('region', { name: 'Answers to follow up (Detractors)' });
    const n = await statusCount(list);
    expect(n).toBeGreaterThan(0);

    const boxes = list.getByRole('checkbox', { name: /^Followed up: / });
    await boxes.first().waitFor({ timeout: 30_000 });
    const name = (await boxes.first().getAttribute('aria-label'))!;
    await boxes.first().check();
    await page.reload();
    const again = page.getByRole('region', { name: 'Answers to follow up (Detractors)' });
    expect(await statusCount(again)).toBe(n);
    await expect.poll(() => again.getByRole('checkbox', { name, exact: true }).isChecked(), { timeout: 30_000 }).toBe(true);

    await again.getByLabel('Hide followed-up').check();
    await expect.poll(() => statusCount(again), { timeout: 30_000 }).toBe(n - 1);
    await again.getByLabel('Hide followed-up').uncheck();
    await expect.poll(() => statusCount(again), { timeout: 30_000 }).toBe(n);

    const [download] = await Promise.all([page.waitForEvent('download'), again.getByRole('button', { name: 'Export CSV' }).click()]);
    const lines = (await text(download)).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(n + 1);
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['Answered on', 'Days since answer', 'Score']);
    const mark = header.indexOf('Followed up');
    expect(mark).toBeGreaterThan(0);
    expect(lines.filter((l) => l.split(',')[mark] === 'yes')).toHaveLength(1);

    await again.getByLabel('Answered in').selectOption('all');
    await page.waitForURL(/answered=all/);
    await expect.poll(() => statusCount(again), { timeout: 30_000 }).toBeGreaterThanOrEqual(n);
  });

  it('shows comments as text and exports them formula-safe; marks survive a new load of the same files', async () => {
    const { page } = await browser.open('ja-JP');
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('status').filter({ hasText: '分析エンジン準備完了' }).waitFor({ timeout: 60_000 });
    const load = async () => {
      const again = page.getByText('別のデータを読み込む', { exact: true });
      if (await again.count()) await again.click();
      await dropFiles(page, [
        { name: 'orders.csv', bytes: ORDERS, type: 'text/csv' },
        { name: 'nps.csv', bytes: NPS, type: 'text/csv' }
      ]);
      await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'この内容で読み込む' }).click();
      await page.getByRole('heading', { name: 'データ品質' }).waitFor({ timeout: 60_000 });
      await page.getByRole('link', { name: '顧客リスト', exact: true }).click();
      const list = page.getByRole('region', { name: 'フォローアップが必要な回答(批判者)' });
      expect(await statusCount(list)).toBe(2);
      return list;
    };

    const list = await load();
    const table = list.getByRole('table');
    await expect.poll(() => table.getByRole('cell', { name: SCRIPT, exact: true }).count(), { timeout: 30_000 }).toBe(1);
    expect(await table.getByRole('cell', { name: FORMULA, exact: true }).count()).toBe(1);
    expect(await page.locator('script:not([src])').evaluateAll((s) => s.filter((e) => e.textContent?.includes('alert(1)')).length)).toBe(0);
    expect(await list.getByText('最新の回答日: 2024年12月20日').count()).toBe(1);

    const box = list.getByRole('checkbox', { name: '対応済み: B 2024年12月18日', exact: true });
    await box.check();

    const [download] = await Promise.all([page.waitForEvent('download'), list.getByRole('button', { name: 'CSVで書き出す' }).click()]);
    const lines = (await text(download)).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^回答日,回答からの日数,スコア,接点,コメント,顧客ID,累計購入額,対応済み,対応日時,/);
    expect(lines[1]).toContain(`,web,${SCRIPT},A,2000,,,`);
    expect(lines[2]).toMatch(new RegExp(`,store,'${FORMULA.replace(/[|()!'.*+?^$[\]\\]/g, '\\$&')},B,3400,済,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2},`));

    // The same files again: a new dataset, the same answers, the same mark.
    await page.getByRole('link', { name: 'データ', exact: true }).first().click();
    const reloaded = await load();
    await expect
      .poll(() => reloaded.getByRole('checkbox', { name: '対応済み: B 2024年12月18日', exact: true }).isChecked(), { timeout: 30_000 })
      .toBe(true);
    expect(await reloaded.getByRole('checkbox', { name: '対応済み: A 2024年12月20日', exact: true }).isChecked()).toBe(false);
    expect(dialogs).toEqual([]);
  });
});

describe('NPS quadrant', () => {
  it('opens the customers of a cell, as many as the cell counts (demo shop)', async () => {
    const { page } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('link', { name: 'NPS & voice', exact: true }).click();
    const quadrant = page.getByRole('table', { name: 'Would recommend × behaviourally loyal' });
    const risk = quadrant.getByRole('button', { name: /^Risk: buys a lot, would not recommend/ });
    await risk.waitFor({ timeout: 60_000 });
    const counted = number((await risk.innerText()).split('\n')[1]);
    expect(counted).toBeGreaterThan(0);
    await risk.click();
    expect(await risk.getAttribute('aria-pressed')).toBe('true');
    const list = page.getByRole('region', { name: 'Customers in “Risk: buys a lot, would not recommend”' });
    expect(await statusCount(list)).toBe(counted);
    await expect.poll(() => list.getByRole('columnheader', { name: /^Latest answer/ }).count(), { timeout: 30_000 }).toBe(1);
  });
});
