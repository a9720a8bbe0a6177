import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './browser';

const browser = useBrowser();

const number = (s: string) => Number(s.replace(/[^0-9.-]/g, ''));

async function demo(path: string): Promise<Page> {
  const session = await browser.open('en-US', '/?demo');
  const { page } = session;
  await page.waitForURL('**/overview', { timeout: 60_000 });
  await page.getByRole('link', { name: path, exact: true }).click();
  return page;
}

async function listCount(page: Page, title: string | RegExp): Promise<number> {
  const list = page.getByRole('region', { name: title });
  await expect.poll(() => list.getByRole('status').innerText(), { timeout: 60_000 }).toMatch(/\d/);
  return number(await list.getByRole('status').innerText());
}

describe('segments, loyal customers and lists on the demo shop', () => {
  it('selects an RFM segment by clicking it; the list, the URL and a reload follow', async () => {
    const page = await demo('Segments');
    const table = page.getByRole('table', { name: /Customers and revenue by segment/ });
    await expect.poll(() => table.getByRole('button').count(), { timeout: 60_000 }).toBe(11);
    const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: 'At risk', exact: true }) });
    const atRisk = number(await row.getByRole('cell').first().innerText());
    expect(atRisk).toBeGreaterThan(0);
    // Customers of all segments add up to the list of all customers.
    const sizes = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(sizes.map(number).reduce((a, b) => a + b, 0)).toBe(await listCount(page, 'All customers and their segments'));

    await table.getByRole('button', { name: 'At risk', exact: true }).click();
    await page.waitForURL(/seg=at_risk/);
    expect(await listCount(page, 'Customers in “At risk”')).toBe(atRisk);
    await page.reload();
    expect(await listCount(page, 'Customers in “At risk”')).toBe(atRisk);
    expect(await page.getByRole('button', { name: 'At risk', exact: true }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('radio', { name: 'CPM' }).check({ force: true });
    await page.waitForURL(/scheme=cpm/);
    await expect.poll(() => table.getByRole('button').count(), { timeout: 60_000 }).toBe(10);
    expect(page.url()).not.toMatch(/seg=/);
  });

  it('defines loyal customers in the URL and compares them with everyone else', async () => {
    const page = await demo('Loyal customers');
    const loyal = page.getByRole('group', { name: 'Loyal customers', exact: true });
    await loyal.waitFor({ timeout: 60_000 });
    const all = number((await loyal.innerText()).split('of ')[1]);
    expect(number(await loyal.locator('.kpi-value').innerText())).toBe(Math.ceil(all * 0.2));
    await page.getByLabel('Top by spend', { exact: true }).nth(1).fill('10');
    await page.getByLabel('Top by spend', { exact: true }).nth(1).press('Tab');
    await page.waitForURL(/loyal\.topPercent=10/);
    await expect.poll(async () => number(await loyal.locator('.kpi-value').innerText()), { timeout: 30_000 }).toBe(Math.ceil(all * 0.1));
    const compare = page.getByRole('table', { name: 'Loyal customers compared with everyone else' });
    expect(await compare.getByRole('row', { name: /NPS/ }).innerText()).toMatch(/-?\d/);
    expect(await listCount(page, 'Loyal customers list')).toBe(Math.ceil(all * 0.1));
  });

  it('exports the at-risk list as a CSV a CRM (and Excel) can read', async () => {
    const page = await demo('Customer lists');
    const n = await listCount(page, 'Valuable customers at risk');
    expect(n).toBeGreaterThan(0);
    const list = page.getByRole('region', { name: 'Valuable customers at risk' });
    const [download] = await Promise.all([page.waitForEvent('download'), list.getByRole('button', { name: 'Export CSV' }).click()]);
    const chunks: Buffer[] = [];
    for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
    const csv = Buffer.concat(chunks);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').trim().split('\r\n');
    expect(lines[0].replace(/^\uFEFF/, '')).toMatch(/^Customer id,/);
    expect(lines).toHaveLength(n + 1);
  });
});

describe('cohorts on the demo shop', () => {
  it('shows the retention matrix and the road to the second purchase, split by channel from the URL', async () => {
    const page = await demo('Cohorts & LTV');
    const matrix = page.getByRole('region', { name: 'Retention by cohort' });
    await matrix.getByRole('button', { name: 'Show as table' }).waitFor({ timeout: 60_000 });
    await matrix.getByRole('button', { name: 'Show as table' }).click();
    const rows = matrix.getByRole('table').getByRole('row');
    // The demo runs April 2023 – March 2026: 36 monthly cohorts plus the header row.
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(37);
    await page.getByLabel('Split by first order').selectOption('channel');
    await page.waitForURL(/by=channel/);
    const repeat = page.getByRole('region', { name: 'Repeat rate by first order' });
    await repeat.getByRole('button', { name: 'Show as table' }).click();
    await expect.poll(() => repeat.getByRole('table').innerText(), { timeout: 30_000 }).toContain('アプリ');
  });
});
