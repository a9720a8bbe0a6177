import { expect, it } from 'vitest';
import { useBrowser, kpiNumber } from './browser';

const browser = useBrowser();

it('works with the network off after the first visit (demo included)', async () => {
  const session = await browser.open('ja-JP');
  const { page, context } = session;
  // First visit: the service worker installs and caches the app and DuckDB.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 }).toBe(true);

  await context.setOffline(true);
  await page.goto(page.url());
  await page.getByRole('button', { name: 'デモデータで試す' }).click();
  await page.waitForURL('**/overview', { timeout: 60_000 });
  await page.getByRole('group', { name: '購入顧客数', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
  expect(await kpiNumber(page, '購入顧客数')).toBeGreaterThan(20_000);
  expect(session.pageErrors).toEqual([]);
});
