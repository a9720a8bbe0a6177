/**
 * When DuckDB refuses a page's query, the page says what happened and what to do in the user's
 * language; DuckDB's own English text is only behind a collapsed "technical details". The error
 * is a real one: the table every analysis reads is taken away from the engine through the hook
 * that only a browser driven by automation has (see `EngineTestHook` in engine/client.ts).
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './browser';

const browser = useBrowser();

type Hook = { __kizunaEngine: { query(sql: string): Promise<{ columns: Record<string, unknown[]> }> } };

/** Rename `order_facts` (a view or a table, as the load made it) so that queries reading it fail. */
async function takeOrdersAway(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const hook = (window as unknown as Hook).__kizunaEngine;
    const found = await hook.query("SELECT table_type FROM information_schema.tables WHERE table_name = 'order_facts'");
    const kind = found.columns.table_type[0] === 'VIEW' ? 'VIEW' : 'TABLE';
    await hook.query(`ALTER ${kind} order_facts RENAME TO order_facts_gone`);
  });
}

it('words a refused query in Japanese on an analysis page, with DuckDB’s text only in the details', async () => {
  const { page } = await browser.open('ja-JP', '/?demo');
  await page.waitForURL('**/overview', { timeout: 60_000 });
  await page.getByRole('group', { name: '購入顧客数', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });

  await takeOrdersAway(page);
  await page.getByRole('link', { name: 'コホート・LTV', exact: true }).click();
  await page.waitForURL('**/cohorts');

  const card = page.getByRole('region', { name: 'コホート別の継続率' });
  const alert = card.getByRole('alert');
  await alert.waitFor({ timeout: 60_000 });
  const worded = 'この集計を計算できませんでした。読み込んだデータが分析エンジンの中に見当たりません。「データ」のページから、もう一度データを読み込んでください。';
  await expect.poll(() => alert.innerText()).toContain(worded);

  // DuckDB's text is there for support, collapsed: not visible until the details are opened.
  const raw = alert.locator('details pre');
  expect(await raw.isVisible()).toBe(false);
  expect(await page.getByText('Catalog Error', { exact: false }).first().isVisible()).toBe(false);
  expect(await alert.innerText()).not.toContain('Catalog Error');
  await alert.getByText('技術的な詳細').click();
  await raw.waitFor({ state: 'visible' });
  expect(await raw.innerText()).toMatch(/Catalog Error.*order_facts/s);
});

it('words a refused query in a customer list the same way, as a list', async () => {
  const { page } = await browser.open('ja-JP', '/?demo');
  await page.waitForURL('**/overview', { timeout: 60_000 });
  await page.getByRole('group', { name: '購入顧客数', exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });

  await takeOrdersAway(page);
  await page.getByRole('link', { name: '顧客リスト', exact: true }).click();
  await page.waitForURL('**/lists');

  const list = page.getByRole('region', { name: '離反の兆しがある優良顧客' });
  const alert = list.getByRole('alert');
  await alert.waitFor({ timeout: 60_000 });
  await expect.poll(() => alert.innerText()).toContain('この一覧を作れませんでした。読み込んだデータが分析エンジンの中に見当たりません。');
  expect(await alert.innerText()).not.toContain('Catalog Error');
  expect(await alert.locator('details pre').isVisible()).toBe(false);
  expect(await alert.locator('details pre').textContent()).toMatch(/order_facts/);
});
