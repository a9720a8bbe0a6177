import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser';

const browser = useBrowser();

describe('goals vs actuals on the demo shop', () => {
  it('adds a goal through the form, shows it against the actuals, remembers it on the device and shares it', async () => {
    const { page, context } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await page.getByRole('link', { name: 'Goals', exact: true }).click();
    await page.waitForURL('**/goals');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Goals vs actuals');

    // Nothing set: the empty state explains and suggests goals from the current figures.
    const empty = page.getByRole('region', { name: 'No goals set yet' });
    await empty.getByRole('button', { name: /^Add the goal Repeat rate: / }).waitFor({ timeout: 60_000 });
    const current = page.getByRole('table', { name: 'Where each metric stands' });
    expect(await current.locator('tbody tr').count()).toBe(7);
    const repeatNow = (await current.locator('tbody tr', { hasText: 'Repeat rate' }).locator('td').nth(1).innerText()).trim();
    expect(repeatNow).toMatch(/^\d+\.\d%$/);

    // Add a goal through the form, by its labels.
    const form = page.getByRole('form', { name: 'Set a goal' });
    await form.getByLabel('Metric').selectOption({ label: 'Active customers' });
    await form.getByLabel('Target (customers)').fill('20000');
    await form.getByLabel('Target date').fill('2026-09-30');
    await form.getByRole('button', { name: 'Add goal' }).click();
    await page.waitForURL(/goals=active%3A20000%3A2026-09-30|goals=active:20000:2026-09-30/);

    const card = page.getByRole('region', { name: 'Active customers', exact: true });
    await card.locator('[role=img][aria-busy=false] canvas').waitFor({ timeout: 30_000 });
    const progress = card.getByRole('table', { name: 'Active customers: now, target and trend' });
    const text = await progress.innerText();
    expect(text).toMatch(/Now\s+[\d,]+ \(Mar 2026\)/);
    expect(text).toContain('20,000 by Sep 30, 2026');
    expect(text).toMatch(/Gap\s+[\d,]+/);
    // 20,000 active customers is far above the demo's: the trend cannot reach it.
    expect(await card.innerText()).toMatch(/Off track — At the present trend the metric reaches only [\d,]+ by Sep 30, 2026/);
    expect(await card.innerText()).toMatch(/fitted by least squares to the last 12 months/);
    expect(await page.getByRole('region', { name: 'No goals set yet' }).count()).toBe(0);

    // Opened again without the goals in its link: remembered on this device.
    await page.goto(page.url().replace(/\?.*$/, ''));
    await page.waitForURL(/goals=/, { timeout: 30_000 });
    await page.getByRole('table', { name: 'Active customers: now, target and trend' }).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => localStorage.getItem('kizuna.goals'))).toBe('active:20000:2026-09-30');

    // The share link shows the same goal with its actuals, read-only.
    await page.waitForFunction(() => document.querySelectorAll('[aria-busy=true]').length === 0, undefined, { timeout: 60_000 });
    const live = await page.getByRole('table', { name: 'Active customers: now, target and trend' }).innerText();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const box = page.getByRole('dialog', { name: 'Share this page' }).getByRole('textbox', { name: 'Share link' });
    await box.waitFor({ timeout: 30_000 });
    const link = await box.inputValue();
    await page.keyboard.press('Escape');
    const shared = await context.browser()!.newContext({ locale: 'en-US' });
    const sp = await shared.newPage();
    await sp.goto(link);
    await sp.getByText(/^Shared snapshot, created /).waitFor({ timeout: 30_000 });
    const sharedTable = sp.getByRole('table', { name: 'Active customers: now, target and trend' });
    await sharedTable.waitFor({ timeout: 30_000 });
    expect(await sharedTable.innerText()).toBe(live);
    expect(await sp.getByRole('form', { name: 'Set a goal' }).count()).toBe(0);
    expect(await sp.getByRole('button', { name: 'Remove the goal for Active customers' }).count()).toBe(0);
    expect(await sp.locator('main').innerText()).toContain('Active customers: 20,000 by Sep 30, 2026');
    await shared.close();

    // Removing it brings the suggestions back and forgets it on the device.
    await page.getByRole('button', { name: 'Remove the goal for Active customers' }).click();
    await page.getByRole('region', { name: 'No goals set yet' }).waitFor({ timeout: 30_000 });
    expect(page.url()).not.toMatch(/goals=/);
    expect(await page.evaluate(() => localStorage.getItem('kizuna.goals'))).toBeNull();
  });
});
