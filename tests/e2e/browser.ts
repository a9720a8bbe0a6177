/**
 * Headless Chromium for the end-to-end tests: the system browser (never a downloaded one),
 * a fresh profile per test, and a record of every request so tests can prove nothing leaves
 * the page's origin.
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const baseURL = () => inject('baseURL');

export async function launch(): Promise<Browser> {
  const executablePath = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((p) => p && existsSync(p));
  if (!executablePath) throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH');
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'
    ]
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Requests to anything but the app's origin (data: and blob: URLs are local). */
  foreignRequests: string[];
  pageErrors: string[];
}

/**
 * `path` under the app's server, or a whole address (another server of the build); `options`
 * adds to or overrides the context's defaults (e.g. `colorScheme: 'dark'`).
 */
export async function open(browser: Browser, locale: 'en-US' | 'ja-JP', path = '/', options: BrowserContextOptions = {}): Promise<Session> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  const url = /^https?:/.test(path) ? path : baseURL() + path;
  const origin = new URL(url).origin;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreignRequests.push(u);
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  return { context, page, foreignRequests, pageErrors };
}

/**
 * Drop files onto the page the way a browser does: a `drop` event carrying a DataTransfer, on
 * the drop zone or (`target`) anywhere else on the page, from where it bubbles to the window.
 */
export async function dropFiles(page: Page, files: { name: string; bytes: Uint8Array; type?: string }[], target = 'section.zone'): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type ?? '', data: Buffer.from(f.bytes).toString('base64') }));
  const dt = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const it of items) {
      const bin = atob(it.data);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      transfer.items.add(new File([bytes], it.name, { type: it.type }));
    }
    return transfer;
  }, payload);
  const zone = page.locator(target).first();
  await zone.dispatchEvent('dragenter', { dataTransfer: dt });
  await zone.dispatchEvent('dragover', { dataTransfer: dt });
  await zone.dispatchEvent('drop', { dataTransfer: dt });
}

/** The number shown on a KPI card, by the card's accessible name. */
export async function kpiNumber(page: Page, name: string): Promise<number> {
  const text = await page.getByRole('group', { name, exact: true }).locator('.kpi-value').innerText();
  return Number(text.replace(/[^0-9.-]/g, ''));
}

export async function kpiFull(page: Page, name: string): Promise<string> {
  return (await page.getByRole('group', { name, exact: true }).locator('.kpi-value').getAttribute('title')) ?? '';
}

/**
 * One browser per test file and a fresh session per test; after every test, no request has
 * left the app's origin and no uncaught error reached the page.
 */
export function useBrowser(): {
  open: (locale: 'en-US' | 'ja-JP', path?: string, options?: BrowserContextOptions) => Promise<Session>;
} {
  let browser: Browser;
  let session: Session | null = null;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());
  afterEach(async () => {
    expect(session?.foreignRequests ?? []).toEqual([]);
    expect(session?.pageErrors ?? []).toEqual([]);
    await session?.context.close();
    session = null;
  });
  return { open: async (locale, path, options) => (session = await open(browser, locale, path, options)) };
}
