import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser';

const browser = useBrowser();

describe('referral on the demo shop', () => {
  it('compares referred customers with the others in their first year and counts what referrers brought, naming none', async () => {
    const { page } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('link', { name: 'Referral', exact: true }).click();
    await page.waitForURL('**/referral');
    await page.getByRole('heading', { name: 'Referral', level: 1 }).waitFor();

    const table = page.getByRole('table', { name: 'Referred vs other customers, first year' });
    await table.waitFor({ timeout: 60_000 });
    expect(await table.locator('tbody th').allInnerTexts()).toEqual(['Referred', 'Others', 'Difference (referred − others)']);
    const referred = await table.getByRole('row', { name: /^Referred/ }).getByRole('cell').allInnerTexts();
    // Acquired ≥ measured; F2 and retention are shares.
    const n = (s: string) => Number(s.replace(/[^0-9.]/g, ''));
    expect(n(referred[0])).toBeGreaterThanOrEqual(n(referred[1]));
    expect(referred[2]).toMatch(/^\d+(\.\d)?%$/);
    expect(await table.getByRole('row', { name: /^Difference/ }).innerText()).toMatch(/[+\-−]?[\d.]+% … [+\-−]?[\d.]+%/);
    expect(await page.getByRole('region', { name: 'Referred vs other customers, first year' }).innerText()).toMatch(/Referred: customers with a referrer recorded/);

    for (const name of ['Second purchase and retention', '12-month value per customer', 'Customers each referrer brought']) {
      await page.getByRole('region', { name }).locator('[role=img][aria-busy=false] canvas').waitFor({ timeout: 30_000 });
    }
    const referrers = page.getByRole('region', { name: 'Customers each referrer brought' });
    expect(await referrers.innerText()).toMatch(/[\d,]+ referrers brought [\d,]+ customers, with ¥[\d,]+ of net revenue/);
    // As a table: bins of how many each brought, never a referrer's id (the demo's ids look like C000123).
    await referrers.getByRole('button', { name: 'Show as table' }).click();
    const bins = referrers.getByRole('table');
    await bins.waitFor();
    expect(await bins.innerText()).toMatch(/\b1 customer\b/);
    expect(await bins.innerText()).toContain('6 or more');
    expect(await page.locator('main').innerText()).not.toMatch(/\bC\d{5,}\b/);

    const insight = await page.getByRole('complementary').innerText();
    expect(insight).toMatch(/Referred customers bought a second time within their first year \d+% of the time, the others \d+%/);
    expect(insight).toMatch(/referrers brought [\d,]+ customers/);
  });
});
