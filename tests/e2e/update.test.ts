import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { baseURL, useBrowser } from './browser';

const browser = useBrowser();
const root = path.resolve(__dirname, '../..');

/**
 * The worker script as deployed (build/) and as `vite preview` serves it (SvelteKit's output
 * directory): a new deployment is simulated in both.
 */
const WORKER_SCRIPTS = ['build/service-worker.js', '.svelte-kit/output/client/service-worker.js']
  .map((f) => path.join(root, f))
  .filter((f) => existsSync(f));

declare global {
  interface Window {
    kizunaMarker?: string;
  }
}

/** The first visit: the service worker installs, activates and takes the page without a reload. */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(() => (window.kizunaMarker = 'first visit'));
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 60_000 }).toBe(true);
  expect(await page.evaluate(() => window.kizunaMarker)).toBe('first visit');
}

/**
 * A new deployment while `work` runs: the same worker with another version, so the new version
 * fills a cache of its own name as a real deployment does. Same length, because the preview
 * server took each file's size when it started. The original is always put back.
 */
async function withNewDeployment(work: (version: string) => Promise<void>): Promise<void> {
  const { version } = JSON.parse(readFileSync(path.join(root, 'build/_app/version.json'), 'utf8')) as { version: string };
  const next = version.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  const originals = WORKER_SCRIPTS.map((file) => ({ file, bytes: readFileSync(file) }));
  expect(originals.length).toBeGreaterThan(0);
  try {
    for (const { file, bytes } of originals) {
      const text = bytes.toString('utf8');
      expect(text.split(version).length - 1, `${file} names version ${version} once`).toBe(1);
      writeFileSync(file, text.replace(version, next));
    }
    expect(await (await fetch(`${baseURL()}/service-worker.js`)).text()).toContain(next);
    await work(next);
  } finally {
    for (const { file, bytes } of originals) writeFileSync(file, bytes);
  }
}

const cacheNames = (page: Page) => page.evaluate(async () => (await caches.keys()).sort());
const lookForUpdate = (page: Page) =>
  page.evaluate(async () => {
    await (await navigator.serviceWorker.ready).update();
  });

it('offers a new version, keeps the running one until Update is clicked, then reloads once at the same URL', async () => {
  const { page } = await browser.open('ja-JP', '/?from=2024-01-01#kizuna');
  await controlled(page);
  const url = page.url();
  const { version } = JSON.parse(readFileSync(path.join(root, 'build/_app/version.json'), 'utf8')) as { version: string };
  expect(await cacheNames(page)).toEqual([`kizuna-${version}`]);

  await withNewDeployment(async (next) => {
    await page.evaluate(() => (window.kizunaMarker = 'before the update'));
    await lookForUpdate(page);
    const banner = page.getByRole('status').filter({ hasText: '新しいバージョンがあります' });
    const button = banner.getByRole('button', { name: '更新する', exact: true });
    await button.waitFor({ timeout: 60_000 });
    expect(await button.isEnabled()).toBe(true);

    // Installed, and waiting: some time later the page has not reloaded and the old version
    // still controls it.
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => window.kizunaMarker)).toBe('before the update');
    expect(
      await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return { waiting: r?.waiting?.state, active: r?.active?.state, controlledByActive: navigator.serviceWorker.controller === r?.active };
      })
    ).toEqual({ waiting: 'installed', active: 'activated', controlledByActive: true });
    expect(await cacheNames(page)).toEqual([`kizuna-${version}`, `kizuna-${next}`].sort());

    let loads = 0;
    page.on('load', () => loads++);
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await button.click();
    await reloaded;
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 }).toBe(true);
    // The new version took over (the previous one's cache is gone), and the page reloaded once.
    await expect.poll(() => cacheNames(page), { timeout: 30_000 }).toEqual([`kizuna-${next}`]);
    expect(
      await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return { waiting: r?.waiting ?? null, controlledByActive: navigator.serviceWorker.controller === r?.active };
      })
    ).toEqual({ waiting: null, controlledByActive: true });
    await page.waitForTimeout(1500);
    expect(loads).toBe(1);
    expect(await page.evaluate(() => window.kizunaMarker)).toBeUndefined();
    expect(page.url()).toBe(url);
    expect(await page.getByText('新しいバージョンがあります').count()).toBe(0);
  });
});

it('keeps Update disabled, saying why, while data loads', async () => {
  const { page } = await browser.open('en-US', '/');
  await controlled(page);
  await withNewDeployment(async () => {
    await lookForUpdate(page);
    const banner = page.getByRole('status').filter({ hasText: 'A new version is available' });
    const button = banner.getByRole('button', { name: 'Update', exact: true });
    await button.waitFor({ timeout: 60_000 });
    expect(await button.isEnabled()).toBe(true);

    await page.getByRole('button', { name: 'Try the demo' }).click();
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await banner.getByText('You can update once the data has loaded').count()).toBe(1);
    await page.waitForURL('**/overview', { timeout: 60_000 });
    await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
    expect(await banner.getByText('You can update once the data has loaded').count()).toBe(0);
  });
});

/** Width and height from a PNG's header (IHDR, right after the 8-byte signature). */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

it('links a manifest that makes the app installable, with PNG icons of the sizes it states', async () => {
  const { page } = await browser.open('ja-JP', '/');
  const links = await page.evaluate(() => ({
    manifest: document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href,
    apple: document.querySelector<HTMLLinkElement>('link[rel="apple-touch-icon"]')?.href,
    theme: document.querySelector<HTMLMetaElement>('meta[name="theme-color"]')?.content
  }));
  expect(links.theme).toBe('#0072b2');
  expect(links.manifest).toBeTruthy();
  const response = await fetch(links.manifest!);
  expect(response.status).toBe(200);
  const manifest = (await response.json()) as Record<string, unknown> & { icons: { src: string; sizes: string; type: string; purpose: string }[] };
  expect(manifest).toMatchObject({
    name: '絆 Kizuna — ロイヤルティ分析',
    start_url: './',
    scope: './',
    display: 'standalone',
    theme_color: '#0072b2',
    background_color: '#f7f7f5',
    lang: 'ja'
  });
  expect(manifest.short_name).toBeTruthy();
  expect(manifest.description).toBeTruthy();

  const pngs = manifest.icons.filter((i) => i.type === 'image/png');
  expect(pngs.map((i) => [i.src, i.sizes, i.purpose])).toEqual([
    ['icons/icon-192.png', '192x192', 'any'],
    ['icons/icon-512.png', '512x512', 'any'],
    ['icons/icon-maskable-512.png', '512x512', 'maskable']
  ]);
  const icons = [...pngs.map((i) => ({ url: new URL(i.src, links.manifest).href, sizes: i.sizes })), { url: links.apple!, sizes: '180x180' }];
  for (const icon of icons) {
    const r = await fetch(icon.url);
    expect(r.status, icon.url).toBe(200);
    expect(r.headers.get('content-type'), icon.url).toBe('image/png');
    expect(pngSize(Buffer.from(await r.arrayBuffer())), icon.url).toBe(icon.sizes);
  }
});
