/**
 * The settings page lists everything kept on this device, with its size, and erases it all in
 * one click after a confirmation: afterwards the browser's storage under this origin is empty
 * (IndexedDB, localStorage, caches, service worker) and a reload opens with no data.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { dropFiles, useBrowser } from './browser';

const browser = useBrowser();

/** What the browser holds for this origin, read directly (not through the app). */
function stored(page: Page) {
  return page.evaluate(async () => {
    const keyval = await new Promise<number>((resolve) => {
      const open = indexedDB.open('keyval-store');
      open.onupgradeneeded = () => open.result.createObjectStore('keyval');
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('keyval')) return resolve(0);
        const count = db.transaction('keyval').objectStore('keyval').count();
        count.onsuccess = () => {
          resolve(count.result);
          db.close();
        };
      };
    });
    return {
      keyval,
      local: Object.keys(localStorage).sort(),
      caches: (await caches.keys()).length,
      workers: (await navigator.serviceWorker.getRegistrations()).length
    };
  });
}

/** axe's serious and critical findings on the page as it is (a scan that checked nothing fails). */
async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}`));
}

it('lists what is kept on the device with its size, and erases it all after a confirmation', async () => {
  const { page } = await browser.open('en-US', '/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.getByText('Analysis engine ready').waitFor({ timeout: 60_000 });
  const csv = 'order_id,order_date,customer_id,amount\nA1,2024-03-05,C1,1200\nA2,2024-03-09,C2,800\nA3,2024-05-01,C1,1500\n';
  await dropFiles(page, [{ name: 'orders.csv', bytes: new TextEncoder().encode(csv), type: 'text/csv' }]);
  await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('heading', { name: 'Data quality' }).waitFor({ timeout: 60_000 });
  // Goals are kept by the goals page under this key; set here as it would.
  await page.evaluate(() => localStorage.setItem('kizuna.goals', JSON.stringify([{ metric: 'repeat_rate', target: 0.3 }])));
  await expect.poll(async () => (await stored(page)).keyval, { timeout: 10_000 }).toBeGreaterThan(0);
  const before = await stored(page);
  expect(before.caches).toBeGreaterThan(0);
  expect(before.workers).toBe(1);

  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await page.waitForURL('**/settings');
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  const table = page.getByRole('table', { name: 'Data kept on this device' });
  await table.waitFor({ timeout: 30_000 });
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
  const row = (what: string | RegExp) => rows.find((r) => (typeof what === 'string' ? r[0] === what : what.test(r[0])));
  expect(row('Copy of the loaded data (orders.csv)')?.slice(1)).toEqual(['IndexedDB', expect.stringMatching(/^\d[\d.,]* (B|KB)$/)]);
  expect(row('Remembered column mappings (1)')?.[1]).toBe('localStorage');
  expect(row('Goals')?.slice(1)).toEqual(['localStorage', expect.stringMatching(/^\d+ B$/)]);
  // The app itself: DuckDB's WebAssembly alone is tens of megabytes.
  expect(row(/^The app itself, for offline use \(\d+ files\)$/)?.slice(1)).toEqual(['Cache Storage', expect.stringMatching(/ MB$/)]);
  expect(row(/^The offline service worker/)?.[1]).toBe('Service Worker');
  expect(await axe(page)).toEqual([]);

  // Cancelling the confirmation erases nothing.
  await page.getByRole('button', { name: 'Erase everything' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase everything kept on this device?' });
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain('This cannot be undone.');
  expect(await axe(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect((await stored(page)).keyval).toBe(before.keyval);

  await page.getByRole('button', { name: 'Erase everything' }).click();
  await dialog.getByRole('button', { name: 'Erase', exact: true }).click();
  await page.getByText('Nothing is kept on this device.').waitFor({ timeout: 30_000 });
  expect(await page.getByRole('status').filter({ hasText: 'Erased.' }).count()).toBe(1);
  expect(await stored(page)).toEqual({ keyval: 0, local: [], caches: 0, workers: 0 });
  expect(await page.getByText('No data loaded').count()).toBe(1);

  // A reload finds nothing to restore.
  await page.goto(page.url().replace(/\/settings.*$/, '/'));
  await page.getByText('Analysis engine ready').waitFor({ timeout: 60_000 });
  expect(await page.getByText('No data loaded').count()).toBe(1);
  expect(await page.getByRole('heading', { name: 'Data quality' }).count()).toBe(0);
});

it('is in Japanese too, and legible in dark mode', async () => {
  const { page } = await browser.open('ja-JP', '/settings', { colorScheme: 'dark' });
  await page.getByRole('heading', { name: '設定', level: 1 }).waitFor({ timeout: 30_000 });
  await page.getByRole('heading', { name: 'この端末に保存しているデータ' }).waitFor();
  // Once the app has kept its offline copy, there is something to list.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.getByRole('table', { name: 'この端末に保存しているデータ' }).waitFor({ timeout: 30_000 });
  expect(await page.getByRole('button', { name: 'すべて消去' }).count()).toBe(1);
  expect(await page.getByRole('cell', { name: /^オフライン用のアプリ本体\(\d+ ファイル\)$/ }).count()).toBe(1);
  expect(await axe(page)).toEqual([]);
});
