/**
 * The command line's report file and link as a consultant would use them: `kizuna report` on the
 * demo shop's files (native DuckDB; the report made by the built app in headless Chromium) shows
 * the figures the app shows for the same shop, opens from disk with no network and no script,
 * and the CLI's share link opens in the app's share view with those figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { baseURL, useBrowser } from './browser';
import { generateDemo } from '../../src/lib/demo/generate';
import { decodeSnapshot } from '../../src/lib/state/snapshot/codec';
import type { OverviewResult } from '../../src/lib/analyses/overview/types';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const browser = useBrowser();

/** The CLI as `npx kizuna` runs it, in a child process. */
async function kizuna(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['src/cli/kizuna.mjs', ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
}

describe('kizuna report and snapshot', () => {
  let dir: string;
  let demo: string[];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kizuna-cli-e2e-'));
    demo = generateDemo().map((f) => {
      const file = path.join(dir, f.name);
      writeFileSync(file, f.text);
      return file;
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a report file with the app’s figures for the same shop, which opens offline', async () => {
    const out = path.join(dir, 'report.html');
    const cli = await kizuna(['report', '--page', 'overview', '--page', 'cohorts', '--locale', 'en', ...demo, '-o', out]);
    expect(cli.stderr).toContain(`Wrote ${out}`);

    // The app on the same shop (the demo is these files, imported in the browser).
    const { page } = await browser.open('en-US', '/?demo');
    await page.waitForURL('**/overview', { timeout: 60_000 });
    const shown = page.getByRole('group', { name: 'Orders', exact: true }).locator('.kpi-value');
    await shown.waitFor({ timeout: 60_000 });
    const ordersShown = await shown.getAttribute('title');
    const customersShown = await page.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').getAttribute('title');
    expect(ordersShown).toMatch(/\d/);

    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Overview');
    expect(html).toContain('Cohorts and lifetime value');
    const offline = await page.context().browser()!.newContext({ javaScriptEnabled: false, offline: true });
    const requests: string[] = [];
    offline.on('request', (r) => requests.push(r.url()));
    const report = await offline.newPage();
    await report.goto(`file://${out}`);
    expect(await report.getByRole('group', { name: 'Orders', exact: true }).locator('.kpi-value').getAttribute('title')).toBe(ordersShown);
    expect(await report.getByRole('group', { name: 'Customers', exact: true }).locator('.kpi-value').getAttribute('title')).toBe(customersShown);
    expect(await report.locator('svg').count()).toBeGreaterThanOrEqual(4);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await offline.close();
  });

  it('writes a share link that the app’s share view opens', async () => {
    const cli = await kizuna(['snapshot', '--page', 'overview', '--locale', 'ja', '--url', baseURL(), ...demo]);
    const link = cli.stdout.trim();
    expect(link.startsWith(`${baseURL()}/share#z`)).toBe(true);
    const decoded = await decodeSnapshot(new URL(link).hash);
    if (!decoded.ok) throw new Error(`the CLI's link does not decode: ${decoded.problem}`);
    const overview = (decoded.snapshot.pages[0].results as { overview: OverviewResult }).overview;
    const orders = overview.kpis.find((k) => k.key === 'orders')!.value;
    expect(orders).toBeGreaterThan(100_000);

    const { page } = await browser.open('ja-JP', '/');
    await page.goto(link);
    const shown = page.getByRole('group', { name: '注文数', exact: true }).locator('.kpi-value');
    await shown.waitFor({ timeout: 30_000 });
    expect(Number((await shown.getAttribute('title'))!.replace(/[^0-9]/g, ''))).toBe(orders);
  });
});
