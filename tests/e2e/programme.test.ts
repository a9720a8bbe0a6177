import { describe, expect, it } from 'vitest';
import { dropFiles, useBrowser } from './browser';

const browser = useBrowser();

/** "+0.15" → 0.15, "+¥743" → 743. */
const number = (s: string) => Number(s.replace(/[^0-9.-]/g, ''));

describe('the programme effect on the demo shop', () => {
  it('shows a matched effect far smaller than the naive member gap, with intervals, checks in words and the event study', async () => {
    const { page } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('link', { name: 'Programme effect', exact: true }).click();
    await page.waitForURL('**/programme');
    await page.getByRole('heading', { name: 'Programme effect', level: 1 }).waitFor();

    // The naive comparison, with the warning that members self-select.
    const gap = page.getByRole('region', { name: 'Members vs non-members, as they stand' });
    const table = gap.getByRole('table');
    await table.waitFor({ timeout: 120_000 });
    expect(await gap.innerText()).toMatch(/Members choose to join/);
    const orders = await table.getByRole('row', { name: /^Orders per customer/ }).getByRole('cell').allInnerTexts();
    const [members, others] = orders.map(number);
    expect(members / others).toBeGreaterThan(2);

    // The fair answer: purchases per month with a 95 % interval, and what makes it credible.
    const did = page.getByRole('region', { name: 'Effect of joining (matched difference in differences)' });
    const text = await did.innerText();
    const effect = number(text.match(/Purchases per month\s+([+−-]?[\d.]+)/)![1]);
    expect(text).toMatch(/95% interval: [+-]?[\d.]+ … [+-]?[\d.]+/);
    // Members place several more orders a month as they stand; joining itself explains a small part.
    expect(Math.abs(effect)).toBeLessThan(1);
    expect(text).toMatch(/members compared with [\d,]+ customers who bought the same way/);
    expect(await did.getByRole('listitem').count()).toBe(4);
    expect(text).toMatch(/Overall: /);

    // What this means, from the figures.
    expect(await page.getByRole('complementary').innerText()).toMatch(/members place [\d.]+× as many orders as non-members/);

    // Both event-study charts are drawn, and readable as tables: −6 … +12 months from joining.
    for (const name of ['Spend per month around joining (members − look-alikes)', 'Purchases per month around joining (members − look-alikes)']) {
      const card = page.getByRole('region', { name });
      await card.locator('[role=img][aria-busy=false] canvas').waitFor({ timeout: 30_000 });
    }
    const buys = page.getByRole('region', { name: 'Purchases per month around joining (members − look-alikes)' });
    await buys.getByRole('button', { name: 'Show as table' }).click();
    await expect.poll(() => buys.getByRole('table').getByRole('row').count()).toBe(20);
    expect(await buys.getByRole('table').innerText()).toContain('Join month');

    // The balance plot and the counts behind the matching.
    const balance = page.getByRole('region', { name: 'Balance before joining' });
    await balance.locator('[role=img][aria-busy=false] canvas').waitFor({ timeout: 30_000 });
    expect(await balance.innerText()).toMatch(/[\d,]+ members with a join date → [\d,]+ with history before joining → [\d,]+ with look-alikes/);
  });

  it('says what data it needs when there are no enrolment dates', async () => {
    const { page } = await browser.open('ja-JP', '/');
    const csv = 'customer_id,order_date,amount\n' + Array.from({ length: 40 }, (_, i) => `C${i % 8},2024-0${1 + (i % 9)}-1${i % 9},${1000 + i}`).join('\n');
    await dropFiles(page, [{ name: 'orders.csv', bytes: new TextEncoder().encode(csv) }]);
    await page.getByRole('button', { name: 'この内容で読み込む' }).click();
    await page.getByRole('link', { name: 'プログラムの効果', exact: true }).click();
    await expect.poll(() => page.locator('main').innerText(), { timeout: 60_000 }).toMatch(/入会日(.*)のある会員と、会員でない顧客の両方が必要です/);
  });
});
