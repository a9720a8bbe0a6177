/**
 * The app without a mouse: every step below uses only page.keyboard (Tab, Shift+Tab, Enter,
 * Space, arrows, Escape); locators only look. Every element Tab reaches must show that it has
 * the focus (an outline or a box-shadow).
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useBrowser } from './browser';
import { ja } from '../../src/lib/i18n/messages/ja';
import { en } from '../../src/lib/i18n/messages/en';

const browser = useBrowser();

interface FocusRing {
  what: string;
  visible: boolean;
}

/** What has the focus, and whether it is drawn: an outline that is not 'none', or a box-shadow. */
function focusRing(page: Page): Promise<FocusRing | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const css = getComputedStyle(el);
    const outline = css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) > 0;
    const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.innerText ?? (el as HTMLElement).innerText ?? '';
    const type = el.getAttribute('type');
    return {
      what: `<${el.tagName.toLowerCase()}${type ? ` type=${type}` : ''}> ${JSON.stringify(label.trim().replace(/\s+/g, ' ').slice(0, 40))}`,
      visible: outline || css.boxShadow !== 'none'
    };
  });
}

/**
 * Tabs (or Shift+Tabs) until `target` has the focus, noting every element passed on the way
 * whose focus is invisible in `unseen`.
 */
async function tabTo(page: Page, target: Locator, unseen: string[], { back = false, max = 80 } = {}): Promise<void> {
  const element = await target.elementHandle({ timeout: 30_000 });
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const ring = await focusRing(page);
    if (ring && !ring.visible && !unseen.includes(ring.what)) unseen.push(ring.what);
    if (await element!.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${max} presses of ${back ? 'Shift+Tab' : 'Tab'} did not reach ${target}`);
}

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement, null, { timeout: 30_000 });

const CSV = ['customer_id,order_date,amount,channel', 'C1,2024-01-05,1200,web', 'C2,2024-01-09,3400,store', 'C1,2024-02-11,800,web'].join('\n') + '\n';

describe('keyboard only', () => {
  it('imports a file: file button, a column role changed, Load', async () => {
    const T = ja;
    const { page } = await browser.open('ja-JP');
    const unseen: string[] = [];
    await page.getByRole('status').filter({ hasText: T['engine.ready'] }).waitFor({ timeout: 60_000 });

    // (The file input itself, hidden and out of the tab order, has the same name.)
    const choose = page.locator('button').filter({ hasText: T['import.choose'] });
    // Listen before tabbing: Playwright turns on its interception of file choosers when the first
    // listener is added, without waiting for it, so a listener added just before the key press
    // sometimes misses the chooser.
    const chooser = page.waitForEvent('filechooser', { timeout: 60_000 });
    await tabTo(page, choose, unseen);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

    await page.getByRole('heading', { name: T['mapping.title'] }).waitFor({ timeout: 60_000 });
    const role = page.getByLabel(T['mapping.roleOf'].replace('{column}', 'channel'));
    await expect.poll(() => role.inputValue()).toBe('channel');
    await tabTo(page, role, unseen);
    // Leave the channel out: "(not used)" is the first choice.
    await page.keyboard.press('Home');
    expect(await role.inputValue()).toBe('ignore');

    const load = page.getByRole('button', { name: T['mapping.load'], exact: true });
    await tabTo(page, load, unseen);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: T['quality.title'] }).waitFor({ timeout: 60_000 });

    expect(unseen, `focus not visible on: ${unseen.join(', ')}`).toEqual([]);
  });

  it('works the overview: channel filter, Share dialog, a chart as a table', async () => {
    const T = en;
    const { page } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('group', { name: T['kpi.customers'], exact: true }).locator('.kpi-value').waitFor({ timeout: 60_000 });
    const unseen: string[] = [];

    // The channel filter: the arrow keys choose the next channel, and the URL says so.
    const channel = page.getByRole('combobox', { name: T['filters.channel'] });
    await tabTo(page, channel, unseen);
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(/[?&]channel=/);
    expect(await channel.inputValue()).not.toBe('');
    expect(await isFocused(channel)).toBe(true);

    // The Share dialog: opened with Enter, its Copy button reached, closed with Escape, and the
    // focus is back on the Share button.
    const share = page.getByRole('button', { name: T['header.share'], exact: true });
    await tabTo(page, share, unseen, { back: true });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: T['share.dialogTitle'] });
    await dialog.waitFor();
    const copy = dialog.getByRole('button', { name: T['share.copy'], exact: true });
    await copy.waitFor({ timeout: 30_000 });
    await tabTo(page, copy, unseen, { max: 10 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await isFocused(share)).toBe(true);

    // A chart as a table, with Space this time.
    const showTable = page.getByRole('button', { name: T['chart.table'], exact: true }).first();
    await tabTo(page, showTable, unseen);
    const card = page.locator('section.chart-card').filter({ has: page.locator(':focus') });
    await page.keyboard.press('Space');
    await card.getByRole('table').waitFor();
    expect(await card.getByRole('table').getByRole('row').count()).toBeGreaterThan(1);
    // The table scrolls inside the card, so it is in the tab order, right after the button (now "Show as chart").
    await tabTo(page, card.getByRole('group'), unseen, { max: 3 });

    expect(unseen, `focus not visible on: ${unseen.join(', ')}`).toEqual([]);
  });
});
