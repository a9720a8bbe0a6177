/**
 * The hostile-file corpus (tests/corpus/generate.ts) on the import page, for the cases a user
 * meets most: files that are not tables get their message in the page's language naming the
 * file (the same words the unit corpus checks), markup in names and refused values is shown as
 * text with no element made from it, and the quality report's figures and notes are the
 * generator's.
 */
import { describe, expect, it } from 'vitest';
import { dropFiles, useBrowser } from './browser';
import { corpus, type CorpusCase, type LoadExpect } from '../corpus/generate';
import { problemText } from '../../src/lib/ui/problem-text';
import { translate, type Locale, type MessageKey } from '../../src/lib/i18n/index.svelte';

const browser = useBrowser();
const CASES = await corpus();
const pick = (name: string): CorpusCase => CASES.find((c) => c.name === name)!;
const words = (locale: Locale) => (key: MessageKey, values?: Record<string, string | number>) => translate(locale, key, values);
const ENGINE_TEXT = /sample_size|strict_mode|Conversion Error|Invalid Input Error|state machine|Binder Error|DuckDB/;

describe('hostile files on the import page', () => {
  it('says in Japanese why each non-table is refused, naming it, and shows markup as text, never as elements', async () => {
    const { page, pageErrors } = await browser.open('ja-JP');
    await page.getByRole('status').filter({ hasText: '分析エンジン準備完了' }).waitFor({ timeout: 60_000 });
    const refused = ['csv-in-zip', 'png-as-csv', 'header-only', 'old-xls', 'xlsx-blank-sheet'].map(pick);
    const markup = pick('markup-names');
    await dropFiles(page, [...refused, markup].map((c) => ({ name: c.fileName, bytes: c.file })));
    await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });

    const problems = { 'csv-in-zip': { code: 'binary', what: 'zip' }, 'png-as-csv': { code: 'binary', what: 'png' }, 'header-only': { code: 'header_only' }, 'old-xls': { code: 'binary', what: 'xls' }, 'xlsx-blank-sheet': { code: 'empty' } } as const;
    for (const c of refused) {
      const alert = page.getByRole('region', { name: c.fileName }).getByRole('alert');
      expect(c.expect).toMatchObject(problems[c.name as keyof typeof problems]);
      const text = await alert.innerText();
      expect(text).toBe(problemText(words('ja'), c.fileName, problems[c.name as keyof typeof problems]));
      expect(text).toContain(c.fileName);
    }
    expect(await page.getByRole('region', { name: 'orders.zip' }).innerText()).toContain('展開してから');

    // The preview shows the names as written.
    const preview = page.getByRole('region', { name: markup.fileName }).getByRole('table');
    for (const name of ['<img src=x onerror="window.__kzInjected=1">', '<b>山田</b>', '<a href="javascript:alert(1)">link</a>'])
      expect(await preview.getByRole('cell', { name, exact: true }).count()).toBe(1);
    expect(await page.locator('img[src="x"], main b, a[href^="javascript:"], svg[onload]').count()).toBe(0);

    await page.getByRole('button', { name: 'この内容で読み込む' }).click();
    const want = markup.expect as LoadExpect;
    await page.getByText(`markup.csv: データ ${want.dataRows} 行 = 読み込み ${want.loaded} 行 + 除外 ${want.rejected} 行`).waitFor({ timeout: 60_000 });
    // The refused date is listed as the text it was, and nothing ran.
    const row = page.getByRole('row').filter({ hasText: '<svg onload="window.__kzInjected=2">' });
    expect(await row.innerText()).toMatch(/日付として読めない/);
    expect(await page.locator('img[src="x"], svg[onload], a[href^="javascript:"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __kzInjected?: number }).__kzInjected)).toBeUndefined();
    expect(await page.locator('body').innerText()).not.toMatch(ENGINE_TEXT);
    expect(pageErrors).toEqual([]);
  });

  it('reports a quote never closed in a 3 MB file, and nonsense dates, with the generator’s figures (English)', async () => {
    const { page, pageErrors } = await browser.open('en-US');
    await page.getByRole('status').filter({ hasText: /ready/i }).waitFor({ timeout: 60_000 });
    const unclosed = pick('quote-never-closed-big');
    const dates = pick('date-spellings-and-nonsense');
    await dropFiles(page, [unclosed, dates].map((c) => ({ name: c.fileName, bytes: c.file })));
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByRole('heading', { name: 'Data quality' }).waitFor({ timeout: 120_000 });
    for (const c of [unclosed, dates]) {
      const w = c.expect as LoadExpect;
      await expect.poll(() => page.getByText(`${c.fileName}: ${w.dataRows} data rows = ${w.loaded} loaded + ${w.rejected} rejected`).count(), { timeout: 30_000 }).toBe(1);
    }
    const spanning = (unclosed.expect as LoadExpect).spanning!;
    expect(await page.getByText(`${unclosed.fileName}: 1 rejected row runs over several lines of the file, from line ${spanning.line}.`, { exact: false }).count()).toBe(1);
    // Both files' orders: what loaded of each, tallied by the generator.
    const orders = (unclosed.expect as LoadExpect).orders!.orders + (dates.expect as LoadExpect).orders!.orders;
    expect(await page.getByText(new RegExp(`^${orders} orders`)).count()).toBe(1);
    expect(await page.locator('body').innerText()).not.toMatch(ENGINE_TEXT);
    expect(pageErrors).toEqual([]);
  });

  it('asks for the decimal mark of a file of numbers like 1.200, and loads them as the user says', async () => {
    const { page, pageErrors } = await browser.open('ja-JP');
    await page.getByRole('status').filter({ hasText: '分析エンジン準備完了' }).waitFor({ timeout: 60_000 });
    const c = pick('european-thousands-only');
    expect(c.asks).toEqual({ decimalMark: ',' });
    await dropFiles(page, [{ name: c.fileName, bytes: c.file }]);
    await page.getByRole('heading', { name: '列の対応を確認' }).waitFor({ timeout: 60_000 });
    const region = page.getByRole('region', { name: c.fileName });
    expect(await region.getByRole('alert').innerText()).toBe(translate('ja', 'mapping.decimalAsk'));
    await region.getByLabel('数値の小数点').selectOption(',');
    expect(await region.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: 'この内容で読み込む' }).click();
    const w = c.expect as LoadExpect;
    await page.getByText(`${c.fileName}: データ ${w.dataRows} 行 = 読み込み ${w.loaded} 行 + 除外 ${w.rejected} 行`).waitFor({ timeout: 60_000 });
    expect(w.orders!.revenue).toBe(17_000);
    expect(await page.getByText('売上 ￥17,000', { exact: false }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('maps and loads a 1,000-column file and a file with a 1 MB field without freezing the page', async () => {
    const { page, pageErrors } = await browser.open('en-US');
    await page.getByRole('status').filter({ hasText: /ready/i }).waitFor({ timeout: 60_000 });
    const wide = pick('thousand-columns');
    const long = pick('megabyte-field');
    await dropFiles(page, [wide, long].map((c) => ({ name: c.fileName, bytes: c.file })));
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Role of column “amount”').first().inputValue()).toBe('amount');
    expect(await page.getByLabel('Role of column “attr_996”').inputValue()).toBe('ignore');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByRole('heading', { name: 'Data quality' }).waitFor({ timeout: 120_000 });
    for (const c of [wide, long]) {
      const w = c.expect as LoadExpect;
      await expect.poll(() => page.getByText(`${c.fileName}: ${w.dataRows} data rows = ${w.loaded} loaded + ${w.rejected} rejected`).count(), { timeout: 30_000 }).toBe(1);
    }
    expect(pageErrors).toEqual([]);
  });
});
