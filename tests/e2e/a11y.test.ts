/**
 * Accessibility: axe-core on every screen of the app, in Japanese and English, light and dark.
 * Any violation axe rates serious or critical fails the test (all of them are listed at once).
 * One context per language × colour scheme loads the demo once and moves by the nav links.
 */
import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { useBrowser, dropFiles } from './browser';
import { utf8 } from '../helpers/files';
import { ja } from '../../src/lib/i18n/messages/ja';
import { en } from '../../src/lib/i18n/messages/en';

const browser = useBrowser();

/** The serious and critical violations on the page as it is now, one line per element. */
async function violations(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  // axe runs through Playwright's evaluate, which the page's CSP does not restrict; a scan that
  // checked nothing would pass vacuously.
  expect(result.passes.length, where).toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${where}: ${v.id} [${v.impact}] ${n.target.join(' ')}\n    ${(n.failureSummary ?? v.help).replace(/\n\s*/g, ' / ')}`)
    );
}

/** Wait until nothing on the page is loading (cards and KPIs say aria-busy while they do). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"], .skeleton').length === 0, null, { timeout: 120_000 });
}

/** A few orders and one impossible date, so that the quality report lists a rejected row. */
const SMALL_CSV = utf8(
  ['customer_id,order_date,amount', 'C1,2024-01-05,1200', 'C2,2024-01-09,3400', 'C1,2024-02-11,800', 'C3,2024-02-31,5600', 'C3,2024-03-02,5600']
    .join('\n') + '\n'
);

const COMBOS = [
  { locale: 'ja-JP', colorScheme: 'light' },
  { locale: 'ja-JP', colorScheme: 'dark' },
  { locale: 'en-US', colorScheme: 'light' },
  { locale: 'en-US', colorScheme: 'dark' }
] as const;

describe('accessibility (axe)', () => {
  it.each(COMBOS)('has no serious or critical violations in $locale, $colorScheme', async ({ locale, colorScheme }) => {
    const T = locale === 'ja-JP' ? ja : en;
    const { page } = await browser.open(locale, '/', { colorScheme });
    const found: string[] = [];
    const check = async (where: string) => found.push(...(await violations(page, where)));
    const nav = (label: string) => page.getByRole('navigation').getByRole('link', { name: label, exact: true });
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');

    await page.getByRole('status').filter({ hasText: T['engine.ready'] }).waitFor({ timeout: 60_000 });
    await check('import (empty)');

    await dropFiles(page, [{ name: 'orders.csv', bytes: SMALL_CSV, type: 'text/csv' }]);
    await page.getByRole('heading', { name: T['mapping.title'] }).waitFor({ timeout: 60_000 });
    await check('mapping');

    await page.getByRole('button', { name: T['mapping.load'], exact: true }).click();
    await page.getByRole('heading', { name: T['quality.title'] }).waitFor({ timeout: 60_000 });
    await check('data quality');

    // The demo, from the import page's "other data" drop zone: loaded once for everything below.
    await page.getByText(T['import.newData']).click();
    await page.getByRole('button', { name: T['import.demo'] }).click();
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await settled(page);
    await check('overview');
    // A chart shown as a table (the first one; every chart uses the same component).
    await page.getByRole('button', { name: T['chart.table'], exact: true }).first().click();
    await page.locator('.table-wrap table').first().waitFor();
    await check('overview, a chart as a table');
    await page.getByRole('button', { name: T['chart.chart'], exact: true }).first().click();

    await page.getByRole('button', { name: T['header.share'], exact: true }).click();
    const linkBox = page.getByRole('textbox', { name: T['share.link'] });
    await linkBox.waitFor({ timeout: 30_000 });
    await check('share dialog');
    const link = await linkBox.inputValue();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: T['header.report'], exact: true }).click();
    await page.getByRole('dialog', { name: T['report.dialogTitle'] }).waitFor();
    await check('report dialog');
    await page.keyboard.press('Escape');

    for (const [where, key] of [
      ['loyal', 'nav.loyal'],
      ['segments', 'nav.segments'],
      ['cohorts', 'nav.cohorts'],
      ['nps', 'nav.nps'],
      ['programme', 'nav.programme'],
      ['campaigns', 'nav.campaigns'],
      ['tiers', 'nav.tiers'],
      ['referral', 'nav.referral']
    ] as const) {
      await nav(T[key]).click();
      await page.waitForURL(`**/${where}*`);
      await settled(page);
      await check(where);
    }

    await nav(T['nav.clv']).click();
    await page.waitForURL('**/clv*');
    await page.getByRole('status').filter({ hasText: T['clv.fitting'] }).waitFor({ state: 'detached', timeout: 120_000 });
    await page.getByRole('group', { name: T['clv.kpi.alive'], exact: true }).locator('.kpi-value').waitFor({ timeout: 120_000 });
    await settled(page);
    await check('clv');

    await nav(T['nav.lists']).click();
    await page.waitForURL('**/lists*');
    await settled(page);
    await check('lists');

    await page.goto(link);
    await page.getByRole('region', { name: T['share.bannerLabel'] }).waitFor({ timeout: 30_000 });
    await settled(page);
    await check('share view');

    expect(found, found.join('\n')).toEqual([]);
  });
});
