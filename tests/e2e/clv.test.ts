import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser';

const browser = useBrowser();

const number = (s: string) => Number(s.replace(/[^0-9.-]/g, ''));

describe('predicted CLV on the demo shop', () => {
  it('fits in the browser and shows converged models, sane predictions, the holdout check and the top customers', async () => {
    const session = await browser.open('en-US', '/?demo');
    const { page } = session;
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('link', { name: 'Predicted CLV', exact: true }).click();
    await page.waitForURL('**/clv');

    const total = page.getByRole('group', { name: 'Predicted revenue, next 12 months', exact: true });
    await total.locator('.kpi-value').waitFor({ timeout: 120_000 });
    const revenue = Number((await total.locator('.kpi-value').getAttribute('title'))!.replace(/[^0-9.]/g, ''));
    // The demo's ~30,000 customers spend ~¥4,500 an order: a year of them is worth millions, not billions.
    expect(revenue).toBeGreaterThan(1e7);
    expect(revenue).toBeLessThan(1e10);
    expect(await total.innerText()).toMatch(/Holdout error \(revenue\): [+-]\d/);
    const alive = page.getByRole('group', { name: 'Repeat customers likely still buying', exact: true });
    const likely = number(await alive.locator('.kpi-value').innerText());
    const repeaters = number((await alive.locator('.muted').innerText()).split('of ')[1]);
    expect(likely).toBeGreaterThan(0);
    expect(likely).toBeLessThanOrEqual(repeaters);

    // Both models converged on both fits, and the table says so in words.
    const fit = page.getByRole('table', { name: 'Model estimates' });
    const status = await fit.getByRole('row', { name: /^Estimation/ }).allInnerTexts();
    expect(status).toHaveLength(2);
    for (const row of status) expect(row.match(/converged \(\d+ iterations\)/g)).toHaveLength(2);

    // The holdout check, as a table: customers by purchases before the split add up.
    const bins = page.getByRole('region', { name: 'Predicted and actual purchases by purchases before the split' });
    await bins.getByRole('button', { name: 'Show as table' }).click();
    await expect.poll(() => bins.getByRole('table').getByRole('row').count()).toBe(9);

    // The top customers list, highest predicted CLV first.
    const list = page.getByRole('region', { name: 'Customers with the highest predicted CLV' });
    await expect.poll(() => list.getByRole('status').innerText(), { timeout: 60_000 }).toMatch(/\d/);
    expect(await list.getByRole('columnheader').first().innerText()).toMatch(/Customer id/);
    expect(await list.getByRole('columnheader').nth(1).innerText()).toMatch(/Predicted CLV \(12 months\)/);

    // Settings live in the URL; a shorter horizon lowers the total.
    await page.getByLabel('CLV horizon').selectOption('6');
    await page.waitForURL(/horizon=6/);
    const six = page.getByRole('group', { name: 'Predicted revenue, next 6 months', exact: true });
    await six.locator('.kpi-value').waitFor({ timeout: 120_000 });
    const shorter = Number((await six.locator('.kpi-value').getAttribute('title'))!.replace(/[^0-9.]/g, ''));
    expect(shorter).toBeLessThan(revenue);
    expect(shorter).toBeGreaterThan(0);

    // The predictions join the segments' customer list (same filters, same dataset).
    await page.getByRole('link', { name: 'Segments', exact: true }).click();
    const members = page.getByRole('region', { name: 'All customers and their segments' });
    await expect.poll(() => members.getByRole('status').innerText(), { timeout: 60_000 }).toMatch(/\d/);
    // Read as a person would: scrolled to (a list's rows are laid out only once near the screen).
    await members.getByRole('table').scrollIntoViewIfNeeded();
    await expect.poll(() => members.getByRole('columnheader').allInnerTexts(), { timeout: 30_000 }).toContain('Predicted CLV (6 months)');
    expect(await members.getByRole('columnheader').allInnerTexts()).toContain('P(alive)');

    // Back on the page with the same settings: the same result, shown without fitting again.
    await page.getByRole('link', { name: 'Predicted CLV', exact: true }).click();
    await six.locator('.kpi-value').waitFor({ timeout: 5_000 });
    expect(Number((await six.locator('.kpi-value').getAttribute('title'))!.replace(/[^0-9.]/g, ''))).toBe(shorter);
  });
});
