import { launch, freshPage, waitMark } from './browser.mjs';
import { serveApp } from './serve.mjs';
const root = '/work/main';
const server = await serveApp(root);
const url = server.url ?? server.resolvedUrls?.local?.[0] ?? server;
const browser = await launch();
try {
  const { page } = await freshPage(browser);
  await page.goto(String(url));
  await waitMark(page, 'engineReady', 120000);
  await page.locator('input[type=file]').setInputFiles(root + '/bench/out/orders-1m.csv');
  await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 120000 });
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await waitMark(page, 'quality', 120000);
  await page.getByRole('link', { name: 'Segments', exact: true }).click();
  await page.getByRole('heading', { name: 'Segments', exact: true }).waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && document.querySelectorAll('table tbody tr button.seg').length > 0, null, { timeout: 60000, polling: 'raf' });
  await page.evaluate(() => { window.__long = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask' }); });
  for (const name of ['Champions', 'At risk', 'Loyal', 'Hibernating', 'Lost']) {
    const start = await page.evaluate(() => { window.__long = []; window.__ev = []; const t0 = performance.now();
      const mo = new MutationObserver(() => { const busy = document.querySelectorAll('[aria-busy="true"]').length; const last = window.__ev.at(-1); if (!last || last[1] !== busy) window.__ev.push([Math.round(performance.now() - t0), busy, location.search.slice(0, 30)]); });
      mo.observe(document.body, { subtree: true, attributes: true, childList: true }); window.__mo = mo; return t0; });
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForFunction((n) => document.querySelector('tr.picked button.seg')?.textContent?.trim() === n, name, { polling: 'raf' });
    const end = await page.evaluate(() => new Promise((res) => { const check = () => { if (!document.querySelector('[aria-busy="true"]')) requestAnimationFrame(() => requestAnimationFrame(() => res(performance.now()))); else requestAnimationFrame(check); }; check(); }));
    const longs = await page.evaluate(() => window.__long);
    console.log('   busy timeline', JSON.stringify(await page.evaluate(() => { window.__mo.disconnect(); return window.__ev; })));
    const clicked = (await page.evaluate(() => window.__marks.clicks.at(-1).t));
    console.log('   click event at', Math.round(clicked - start));
    console.log(name, Math.round(end - clicked), 'ms; long tasks:', JSON.stringify(longs.map(([s, d]) => [Math.round(s - start), d])));
  }
} finally {
  await browser.close();
  await server.close?.();
}
