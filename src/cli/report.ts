/**
 * The report file of a snapshot, made by the app itself: its report builder draws the pages with
 * the page components and ECharts' SVG renderer, which need a DOM, so the built app is served on
 * a local port and headless Chromium (the system's, as in the end-to-end tests) opens the share
 * view of the snapshot and presses its Download report button. The file is byte for byte what a
 * person opening the link would download. Nothing is requested from anywhere but that local port.
 * The build in build/ is used as it is: after changing the app, `npm run build` again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { SHARE_PATH } from '../lib/state/snapshot/link';
import type { Locale } from '../lib/i18n/format';
import { appText } from './print';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The system's Chromium, as the tests and the benchmark find it (never a downloaded browser). */
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The app's production build (`npm run build`, `npm start`); made now when there is none. */
function ensureBuild(): void {
  if (existsSync(path.join(ROOT, 'build', 'index.html'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
  if (r.status !== 0) throw new Error('building the app (npx vite build) failed');
}

export interface ReportFile {
  /** The name the app gives it (kizuna-report-overview-2026-12-04.html). */
  name: string;
  html: string;
}

/** The report file of the snapshot `fragment` (as `encodeSnapshot` makes it), in `locale`. */
export async function renderReport(fragment: string, locale: Locale): Promise<ReportFile> {
  const executablePath = CHROMIUM.find((p) => p && existsSync(p));
  if (!executablePath) throw new Error('Chromium not found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH');
  ensureBuild();
  const server = await preview({ root: ROOT, logLevel: 'error', preview: { port: 0, strictPort: false, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  const browser = url ? await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] }) : null;
  try {
    if (!url || !browser) throw new Error('the local server did not start');
    const context = await browser.newContext({ locale: locale === 'ja' ? 'ja-JP' : 'en-US', acceptDownloads: true, serviceWorkers: 'block' });
    const origin = new URL(url).origin;
    await context.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.goto(`${url}${SHARE_PATH}#${fragment}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: appText(locale, 'report.downloadShared'), exact: true }).click()
    ]);
    const file = await download.path();
    return { name: download.suggestedFilename(), html: readFileSync(file, 'utf8') };
  } finally {
    await browser?.close();
    await server.close();
  }
}
