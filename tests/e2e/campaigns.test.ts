import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser';

const browser = useBrowser();

describe('campaigns and coupons on the demo shop', () => {
  it('lists every coupon code as redeemers only (no targeting file: no lift claimed) and charts the one picked', async () => {
    const { page } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('link', { name: 'Campaigns & coupons', exact: true }).click();
    await page.waitForURL('**/campaigns');
    const list = page.getByRole('region', { name: 'Results by campaign or coupon' });
    const table = list.getByRole('table');
    await table.waitFor({ timeout: 60_000 });
    expect(await list.innerText()).toMatch(/cannot show a campaign’s lift/);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('Redeemers only (no lift)');

    // Pick the second code: the URL remembers it and its chart is drawn.
    const second = rows.nth(1).getByRole('button');
    const code = (await second.innerText()).trim();
    await second.click();
    await page.waitForURL(/camp=/);
    const card = page.getByRole('region', { name: `“${code}”: spend per customer before, during and after` });
    await card.locator('[role=img][aria-busy=false] canvas').waitFor({ timeout: 30_000 });
    expect(await card.innerText()).toMatch(/Before: .+ \/ during: .+ \/ after: /);
  });
});
