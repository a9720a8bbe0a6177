import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropFiles, useBrowser } from './browser';

const browser = useBrowser();

/** Share → the link from the dialog, then close it. */
async function shareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const box = page.getByRole('dialog', { name: 'Share this page' }).getByRole('textbox', { name: 'Share link' });
  await box.waitFor({ timeout: 30_000 });
  const link = await box.inputValue();
  await page.keyboard.press('Escape');
  return link;
}

const current = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).getAttribute('aria-current');

describe('tiers and points on the demo shop', () => {
  it('shows customers and revenue by tier lowest first, says why movement cannot be shown, charts points, and shares the same figures', async () => {
    const { page, context } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('link', { name: 'Tiers & points', exact: true }).click();
    await page.waitForURL('**/tiers');
    await page.getByRole('heading', { name: 'Tiers & points', level: 1 }).waitFor();
    expect(await current(page, 'Tiers & points')).toBe('page');
    expect(await current(page, 'Loyal customers')).toBeNull();
    expect(await current(page, 'Referral')).toBeNull();

    // The tiers in the ladder's order, then the customers without one.
    const table = page.getByRole('table', { name: 'Customers and revenue by tier' });
    await table.waitFor({ timeout: 60_000 });
    const heads = await table.locator('tbody th').allInnerTexts();
    expect(heads).toEqual(['ブロンズ', 'シルバー', 'ゴールド', 'プラチナ', 'No tier']);
    expect(await page.getByRole('region', { name: 'Customers and revenue by tier' }).innerText()).toMatch(/in the order their names give/);
    // Shares of customers add up to the whole.
    const shares = (await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.children[2].textContent ?? ''))).map((s) => Number(s.replace('%', '')));
    expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.5);

    for (const name of ['Customers and revenue per tier', 'Revenue per customer by tier', 'Points earned and used per month', 'Points per yen of revenue, per month']) {
      await page.getByRole('region', { name }).locator('[role=img][aria-busy=false] canvas').waitFor({ timeout: 30_000 });
    }
    expect(await page.getByRole('region', { name: 'Movement between tiers' }).innerText()).toMatch(/one tier per customer, the current one.*Add a tier column to the orders/s);

    // Points: the balance, the redemption rate, points per ¥100.
    const balance = await page.getByRole('group', { name: 'Points outstanding' }).locator('.kpi-value').innerText();
    expect(balance).toMatch(/^[\d,]+ pt$/);
    const rate = await page.getByRole('group', { name: 'Redemption rate' }).locator('.kpi-value').innerText();
    expect(Number(rate.replace('%', ''))).toBeGreaterThan(0);
    expect(Number(rate.replace('%', ''))).toBeLessThan(100);
    expect(await page.getByRole('group', { name: 'Points per yen of revenue' }).locator('.kpi-value').innerText()).toMatch(/^[\d.]+ pt per ¥100$/);

    // What this means, from the figures: the top tier's shares and the balance.
    const insight = await page.getByRole('complementary').innerText();
    expect(insight).toMatch(/プラチナ customers are \d+% of the customers who bought, and bring \d+% of the revenue/);
    expect(insight).toContain(`were outstanding`);
    expect(insight).toContain(balance);

    // The link shows the same table and the same what-this-means, without the engine.
    await page.waitForFunction(() => document.querySelectorAll('[aria-busy=true]').length === 0, undefined, { timeout: 60_000 });
    const live = await table.innerText();
    const link = await shareLink(page);
    const shared = await context.browser()!.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    shared.on('request', (r) => requests.push(r.url()));
    const view = await shared.newPage();
    await view.goto(link);
    await view.getByText(/^Shared snapshot, created /).waitFor({ timeout: 30_000 });
    const sharedTable = view.getByRole('table', { name: 'Customers and revenue by tier' });
    await sharedTable.waitFor({ timeout: 30_000 });
    expect(await sharedTable.innerText()).toBe(live);
    expect(await view.getByRole('complementary').innerText()).toBe(insight);
    expect(await view.getByRole('group', { name: 'Points outstanding' }).locator('.kpi-value').innerText()).toBe(balance);
    expect(requests.filter((u) => u.endsWith('.wasm'))).toEqual([]);
    await shared.close();
  });

  it('follows customers between tiers when the orders carry one', async () => {
    const { page } = await browser.open('en-US', '/');
    // 12 customers with three orders each: 6 go Silver → Gold, 4 stay Silver, 2 go Gold → Silver.
    const paths = [...Array(6).fill(['Silver', 'Silver', 'Gold']), ...Array(4).fill(['Silver', 'Silver', 'Silver']), ...Array(2).fill(['Gold', 'Gold', 'Silver'])];
    const rows = paths.flatMap((tiers: string[], c) => tiers.map((tier, i) => `O${c}-${i},C${c},2024-0${i + 1}-15,${3000 + 100 * c},${tier}`));
    const csv = ['order_id,customer_id,order_date,amount,tier', ...rows].join('\n');
    await dropFiles(page, [{ name: 'orders.csv', bytes: new TextEncoder().encode(csv) }]);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByRole('heading', { name: 'Data quality' }).waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Tiers & points', exact: true }).click();
    const matrix = page.getByRole('table', { name: 'Movement between tiers' });
    await matrix.waitFor({ timeout: 60_000 });
    expect(await matrix.locator('thead th').allInnerTexts()).toEqual(['First ＼ last', 'Silver', 'Gold']);
    expect(await matrix.locator('tbody tr').allInnerTexts()).toEqual(['Silver\t4\t6', 'Gold\t2\t0']);
    expect(await page.getByRole('region', { name: 'Movement between tiers' }).innerText()).toContain('Of 12 customers, 6 moved up, 4 stayed and 2 moved down.');
    expect(await page.getByRole('complementary').innerText()).toContain('6 moved up and 2 moved down');
  });

  it('says what data would unlock tiers, points and referral, in Japanese', async () => {
    const { page } = await browser.open('ja-JP', '/');
    const csv = 'customer_id,order_date,amount\n' + Array.from({ length: 40 }, (_, i) => `C${i % 8},2024-0${1 + (i % 9)}-1${i % 9},${1000 + i}`).join('\n');
    await dropFiles(page, [{ name: 'orders.csv', bytes: new TextEncoder().encode(csv) }]);
    await page.getByRole('button', { name: 'この内容で読み込む' }).click();
    await page.getByRole('link', { name: 'ランク・ポイント', exact: true }).click();
    await page.waitForURL('**/tiers');
    const main = () => page.locator('main').innerText();
    await expect.poll(main, { timeout: 60_000 }).toMatch(/ランク別の分析には会員ランクの列が必要です/);
    await expect.poll(main, { timeout: 60_000 }).toMatch(/ポイントの分析には、注文ごとの獲得ポイントまたは利用ポイントの列/);
    expect(await page.getByRole('complementary').count()).toBe(0);
    await page.getByRole('link', { name: '紹介', exact: true }).click();
    await page.waitForURL('**/referral');
    await expect.poll(main, { timeout: 60_000 }).toMatch(/紹介の分析には、顧客ファイルの紹介者の列/);
    expect(await current(page, '紹介')).toBe('page');
    expect(await current(page, 'ランク・ポイント')).toBeNull();
  });
});
