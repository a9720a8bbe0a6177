/**
 * Measurements of the built app in Chromium. Every measurement gets a fresh browser context
 * (empty cache, storage and service worker), so each one is a first visit.
 */
import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { clickTime, freshPage, marksOf, waitMark, withPeakRss } from './browser.mjs';

const MINUTE = 60_000;

/** Script the page itself runs: not the service worker's fetches, not worker scripts. */
function isPageScript(response, workerUrls) {
  const req = response.request();
  if (req.resourceType() !== 'script' || req.serviceWorker()) return false;
  const path = new URL(response.url()).pathname;
  return !workerUrls.has(response.url()) && !path.includes('/workers/') && !path.endsWith('.wasm');
}

/**
 * Open `/` and stay idle: when does DuckDB say it is ready compared with when the page can be
 * used, and how much JavaScript (gzipped here with zlib's default level) did the page load?
 */
export async function importPageIdle(browser, url, { blockServiceWorker = false } = {}) {
  const { context, page, errors } = await freshPage(browser, { blockServiceWorker });
  try {
    const workerUrls = new Set();
    page.on('worker', (w) => workerUrls.add(w.url()));
    const bodies = [];
    page.on('response', (r) => bodies.push(r));
    await page.goto(url);
    await waitMark(page, 'engineReady', 2 * MINUTE);
    await waitMark(page, 'engineWarm', 2 * MINUTE);
    await page.waitForLoadState('networkidle');
    const marks = await marksOf(page);
    const scripts = [];
    for (const r of bodies.filter((b) => isPageScript(b, workerUrls))) {
      const body = await r.body();
      scripts.push({ path: new URL(r.url()).pathname, bytes: body.length, gzip: gzipSync(body).length });
    }
    if (errors.length) throw new Error('page errors: ' + errors.join('; '));
    return {
      interactiveMs: marks.demoButton,
      engineStartedMs: marks.engineStarted,
      engineReadyMs: marks.engineReady,
      engineWarmMs: marks.engineWarm,
      scripts,
      initialJsGzip: scripts.reduce((s, x) => s + x.gzip, 0),
      initialJsRaw: scripts.reduce((s, x) => s + x.bytes, 0)
    };
  } finally {
    await context.close();
  }
}

/**
 * A first visit straight to the demo: open `/`, click "Try the demo" as soon as it can be
 * clicked, until the overview's KPI values and charts are painted. Also counts the engine
 * workers the page started (the warm one from the import page, and any fresh one), by their
 * entry script: DuckDB's own worker, which each engine worker starts, is not one.
 */
export async function coldStartDemo(browser, url) {
  const { context, page, errors } = await freshPage(browser);
  try {
    let engineWorkers = 0;
    page.on('worker', (w) => (engineWorkers += /\/workers\/worker-[^/]*\.js$/.test(w.url()) ? 1 : 0));
    const { peakRss } = await withPeakRss(async () => {
      await page.goto(url);
      await page.getByRole('button', { name: 'Try the demo' }).click();
      await waitMark(page, 'overviewDrawn', 3 * MINUTE);
    });
    const marks = await marksOf(page);
    if (errors.length) throw new Error('page errors: ' + errors.join('; '));
    return {
      totalMs: marks.overviewDrawn,
      interactiveMs: marks.demoButton,
      demoClickMs: clickTime(marks, 'Try the demo'),
      engineReadyMs: marks.engineReady ?? null,
      engineWorkers,
      peakRss
    };
  } finally {
    await context.close();
  }
}

/**
 * Pick the file, wait for the mapping screen, then time: "Load" → "Data quality" (load) and
 * "See the overview" → KPI values and charts painted (overview). The total is their sum; the
 * bench's own pause between the two screens is not counted. The file is picked once the
 * engine's warm-up has finished (about a second after it is ready; the cold start table says
 * when), as a person picking a file would find it: a file dropped sooner stops the warm-up.
 */
export async function importToOverview(browser, url, file, timeoutMs, { clv = true } = {}) {
  const { context, page, errors } = await freshPage(browser);
  try {
    await page.goto(url);
    await waitMark(page, 'engineWarm', 2 * MINUTE);
    await page.locator('input[type=file]').setInputFiles(file);
    // A file the memory check says will not fit is not loaded (20M rows): recorded as such.
    const tooBig = page.getByRole('heading', { name: 'These files will not fit in this tab’s memory' });
    await page.getByRole('heading', { name: 'Check the columns' }).or(tooBig).waitFor({ timeout: timeoutMs });
    if (await tooBig.isVisible()) throw new Error('not loaded: the memory check said the file will not fit in the tab');
    const { peakRss } = await withPeakRss(async () => {
      await page.getByRole('button', { name: 'Load', exact: true }).click();
      await waitMark(page, 'quality', timeoutMs);
      await page.getByRole('link', { name: /See the overview/ }).click();
      await waitMark(page, 'overviewDrawn', timeoutMs);
    });
    const marks = await marksOf(page);
    const orders = await page.getByRole('group', { name: 'Orders', exact: true }).locator('.kpi-value').getAttribute('title');
    const loadMs = marks.quality - clickTime(marks, 'Load');
    const overviewClick = clickTime(marks, 'See the overview');
    const overviewMs = marks.overviewDrawn - overviewClick;
    const overviewJs = await scriptsBetween(page, marks.quality, overviewClick);
    const segments = await segmentsPage(page, timeoutMs);
    const cohortsReadyMs = await pageReady(page, 'Cohorts & LTV', 'Cohorts and lifetime value', timeoutMs);
    const predicted = clv ? await clvPage(page, timeoutMs) : {};
    if (errors.length) throw new Error('page errors: ' + errors.join('; '));
    return { loadMs, overviewMs, totalMs: loadMs + overviewMs, orders: Number(orders?.replace(/[^0-9]/g, '')), peakRss, overviewJs, ...segments, cohortsReadyMs, ...predicted };
  } finally {
    await context.close();
  }
}

/** What a settled page shows: the segment table's rows, a chart, or (a page without charts) a table. */
const CONTENT = { rows: 'table tbody tr button.seg', chart: '.chart-card canvas, .chart-card svg', any: 'main canvas, main table' };

/**
 * In-page, checked on every animation frame: the time two frames after `selector` first matches
 * (that frame has been painted), with `text` as its text when given, inside the element named
 * `within` (its aria-label or aria-labelledby text, as a region or group is named) when given,
 * and, with `idle`, once no card is busy any more. Every timing gate waits here rather than with
 * Playwright's own waits, which poll at growing intervals of up to half a second: that delay
 * would count as the page's.
 */
function paintedAt(page, timeout, { selector, text = null, within = null, idle = false }) {
  return page.evaluate(
    ([ms, sel, content, name, whole]) =>
      new Promise((resolve, reject) => {
        const deadline = performance.now() + ms;
        const nameOf = (el) =>
          el.getAttribute('aria-label') ??
          el.getAttribute('aria-labelledby').split(/\s+/).map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ');
        const scope = () => (name === null ? document : [...document.querySelectorAll('[aria-label], [aria-labelledby]')].find((el) => nameOf(el) === name));
        const check = () => {
          const found = [...(scope()?.querySelectorAll(sel) ?? [])].some((el) => content === null || el.textContent?.trim() === content);
          if ((!whole || !document.querySelector('[aria-busy="true"]')) && found) {
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
          } else if (performance.now() > deadline) reject(new Error(`the page did not settle (${name ?? 'page'}: ${sel})`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    [timeout, selector, text, within, idle]
  );
}

/** The time at which every card on the page has settled (no skeleton or busy region left, and `content` shown), painted. */
const settled = (page, timeout, content = 'rows') => paintedAt(page, timeout, { selector: CONTENT[content], idle: true });

/** A chart's canvas once the chart is no longer busy (drawn). */
const DRAWN_CHART = '[role=img][aria-busy=false] canvas';

/**
 * Set the filter bar's control named `label` (Channel, Period…) to `value`; the time from its
 * change event, as the page saw it, until the page has gone busy and settled again, painted.
 */
async function filterChange(page, label, value, timeoutMs) {
  const done = page.evaluate(
    ([ms, control]) =>
      new Promise((resolve, reject) => {
        let changedAt = null;
        const before = location.search;
        document.addEventListener('change', () => (changedAt ??= performance.now()), { capture: true, once: true });
        const deadline = performance.now() + ms;
        // Settled: the new filters are in the URL (the page has taken them) and no card is busy, two
        // frames on. A page that had the result ready ahead of time may never show itself busy.
        const check = () => {
          const busy = document.querySelector('[aria-busy="true"]');
          if (changedAt !== null && location.search !== before && !busy) requestAnimationFrame(() => requestAnimationFrame(() => {
            if (document.querySelector('[aria-busy="true"]')) check();
            else resolve(performance.now() - changedAt);
          }));
          else if (performance.now() > deadline) reject(new Error(`the page did not settle after setting ${control}`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    [timeoutMs, label]
  );
  await page.getByRole('combobox', { name: new RegExp(`^${label}\\b`) }).selectOption(value);
  return done;
}

/**
 * After the overview: open Segments (RFM) and time until every card has settled; then click
 * segments in the table, each time until the page has re-rendered for the selection; then change
 * the filters (one channel, all channels again, the last 12 months, all time again), each time
 * until every card has settled again.
 */
async function segmentsPage(page, timeoutMs) {
  const t0 = await page.evaluate(() => performance.now());
  await page.getByRole('link', { name: 'Segments', exact: true }).click();
  await page.getByRole('heading', { name: 'Segments', exact: true }).waitFor({ timeout: timeoutMs });
  const segmentsReadyMs = (await settled(page, timeoutMs)) - t0;
  const names = ['Champions', 'At risk', 'Loyal', 'Hibernating', 'Need attention', 'Lost', 'Potential loyalist', 'About to sleep', 'Promising', "Can't lose them"];
  const segmentClicksMs = [];
  for (const name of names) {
    const button = page.getByRole('button', { name, exact: true });
    if ((await button.count()) === 0) continue;
    await button.click();
    // Painted with the clicked segment picked and every card settled, from the click as the page
    // saw it (not Playwright's call), like every other timing here.
    const doneAt = await paintedAt(page, timeoutMs, { selector: 'tr.picked button.seg', text: name, idle: true });
    segmentClicksMs.push(doneAt - clickTime(await marksOf(page), name));
  }
  const channel = page.getByRole('combobox', { name: /^Channel\b/ });
  const firstChannel = (await channel.count()) ? await channel.locator('option:not([value=""])').first().getAttribute('value') : null;
  const changes = [...(firstChannel ? [['Channel', firstChannel], ['Channel', '']] : []), ['Period', '12m'], ['Period', 'all']];
  const filterChangesMs = [];
  for (const [label, value] of changes) filterChangesMs.push(await filterChange(page, label, value, timeoutMs));
  return { segmentsReadyMs, segmentClicksMs, filterChangesMs };
}

/**
 * In-page: from now on, record the longest gap between animation frames (`window.__frames.maxGap`)
 * until `__frames.on` is set false: whether the page froze while something ran.
 */
function watchFrames(page) {
  return page.evaluate(() => {
    const w = window;
    w.__frames = { last: performance.now(), maxGap: 0, on: true };
    const tick = (t) => {
      if (!w.__frames.on) return;
      w.__frames.maxGap = Math.max(w.__frames.maxGap, t - w.__frames.last);
      w.__frames.last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/**
 * Open Predicted CLV and time until its first figure (next-12-months revenue) is shown: the SQL
 * summary, both model fits (whole history and calibration), predictions and the holdout check.
 * Meanwhile the longest gap between animation frames tells whether the page froze.
 */
async function clvPage(page, timeoutMs) {
  await watchFrames(page);
  await page.getByRole('link', { name: 'Predicted CLV', exact: true }).click();
  const shownAt = await paintedAt(page, timeoutMs, { within: 'Predicted revenue, next 12 months', selector: '.kpi-value' });
  const maxGap = await page.evaluate(() => ((window.__frames.on = false), window.__frames.maxGap));
  const customers = await page.getByRole('group', { name: 'Repeat customers likely still buying', exact: true }).locator('.muted').innerText();
  return {
    clvMs: shownAt - clickTime(await marksOf(page), 'Predicted CLV'),
    clvMaxFrameGapMs: maxGap,
    clvRepeatCustomers: Number(customers.match(/of ([\d,]+)/)?.[1].replace(/,/g, '') ?? NaN)
  };
}

/** Open a page from the navigation and time until every card on it has settled. */
async function pageReady(page, link, heading, timeoutMs) {
  const t0 = await page.evaluate(() => performance.now());
  await page.getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { name: heading, exact: true }).waitFor({ timeout: timeoutMs });
  return (await settled(page, timeoutMs, 'chart')) - t0;
}

/**
 * JavaScript the page fetched after the load finished (the overview's route and chart code, which
 * a first visit downloads only then; SvelteKit may start on hovering the link, before the click):
 * how much, and when the last file arrived relative to the click on the link.
 */
function scriptsBetween(page, from, click) {
  return page.evaluate(([t0, tc]) => {
    const js = performance.getEntriesByType('resource').filter((e) => e.startTime >= t0 && /\.m?js(\?|$)/.test(e.name));
    return {
      files: js.length,
      bytes: js.reduce((a, e) => a + e.decodedBodySize, 0),
      lastAfterClickMs: js.length ? Math.max(...js.map((e) => e.responseEnd)) - tc : null
    };
  }, [from, click]);
}

/**
 * The same work on the bare duckdb-wasm page (bench/bare): pick the file, click Run. `appLoad`:
 * the app's own load SQL; else a plain CTAS. `threaded`: DuckDB's multi-threaded build.
 */
export async function bareRun(browser, url, file, timeoutMs, { appLoad, threaded = false }) {
  const { context, page, errors } = await freshPage(browser);
  try {
    const q = new URLSearchParams({ ...(appLoad && { load: 'app' }), ...(threaded && { threaded: '1' }) });
    await page.goto(`${url}?${q}`);
    await page.waitForSelector('body[data-state=ready]', { timeout: 2 * MINUTE });
    await page.locator('input[type=file]').setInputFiles(file);
    await page.waitForSelector('body[data-state=registered]', { timeout: timeoutMs });
    const { peakRss } = await withPeakRss(async () => {
      await page.click('#run');
      await page.waitForFunction(() => /^(done|failed)/.test(document.body.dataset.state ?? ''), null, { timeout: timeoutMs, polling: 50 });
    });
    const state = await page.evaluate(() => document.body.dataset.state);
    if (state !== 'done') throw new Error(state);
    if (errors.length) throw new Error('page errors: ' + errors.join('; '));
    const r = JSON.parse(await page.locator('#log').innerText());
    return { ...r, totalMs: r.loadMs + r.queriesMs, peakRss };
  } finally {
    await context.close();
  }
}

/** The demo's analysis pages, by their navigation link, and what each shows once it has settled. */
const SHARED_PAGES = [
  { id: 'overview', nav: 'Overview' },
  { id: 'loyal', nav: 'Loyal customers' },
  { id: 'segments', nav: 'Segments' },
  { id: 'cohorts', nav: 'Cohorts & LTV' },
  { id: 'clv', nav: 'Predicted CLV' },
  { id: 'nps', nav: 'NPS & voice' },
  { id: 'programme', nav: 'Programme effect' }
];

async function downloadSize(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5 * MINUTE }), click()]);
  return statSync(await download.path()).size;
}

/**
 * The demo shared page by page: each page's link (its length) and its report file (its size),
 * then the report of every page. Returns the links for `openShared`.
 */
export async function shareDemo(browser, url) {
  const { context, page, errors } = await freshPage(browser);
  try {
    await page.goto(new URL('/?demo', url).href);
    await page.waitForURL('**/overview', { timeout: 3 * MINUTE });
    const pages = [];
    for (const p of SHARED_PAGES) {
      await page.getByRole('link', { name: p.nav, exact: true }).click();
      await settled(page, 3 * MINUTE, 'any');
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Share this page' });
      const box = dialog.getByRole('textbox', { name: 'Share link' });
      await Promise.race([box.waitFor({ timeout: MINUTE }), dialog.getByRole('alert').waitFor({ timeout: MINUTE })]);
      const link = (await box.count()) ? await box.inputValue() : null;
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Report', exact: true }).click();
      const report = page.getByRole('dialog', { name: 'Download a report file' });
      const reportBytes = await downloadSize(page, () => report.getByRole('button', { name: 'Download', exact: true }).click());
      await page.keyboard.press('Escape');
      pages.push({ id: p.id, link, linkLength: link?.length ?? null, reportBytes });
    }
    await page.getByRole('button', { name: 'Report', exact: true }).click();
    const report = page.getByRole('dialog', { name: 'Download a report file' });
    await report.getByRole('radio', { name: /All analysis pages/ }).check();
    const t0 = Date.now();
    const allReportBytes = await downloadSize(page, () => report.getByRole('button', { name: 'Download', exact: true }).click());
    const allReportMs = Date.now() - t0;
    if (errors.length) throw new Error('page errors: ' + errors.join('; '));
    return { pages, allReportBytes, allReportMs };
  } finally {
    await context.close();
  }
}

/**
 * A shared link opened in a fresh browser context (a first visit, as an executive's phone would
 * be): every card settled and painted (a page may hold tables only, as Loyal customers does),
 * since navigation start; and whether any .wasm was requested.
 */
export async function openShared(browser, link) {
  const { context, page, errors } = await freshPage(browser);
  try {
    const wasm = [];
    context.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(r.url()));
    await page.goto(link);
    await page.waitForFunction(() => document.body.innerText.includes('Shared snapshot, created '), null, { timeout: MINUTE, polling: 'raf' });
    const totalMs = await settled(page, MINUTE, 'any');
    if (errors.length) throw new Error('page errors: ' + errors.join('; '));
    return { totalMs, wasmRequests: wasm.length };
  } finally {
    await context.close();
  }
}

/**
 * The NPS page with an orders file and a survey file (one answer per five orders, 60 % with a
 * Japanese comment): load both, open "NPS & voice" from the navigation and time until its first
 * chart (the score over time) is painted (`readyMs`), and until every card has settled, the
 * comment words counted in the worker included (`settledMs`). Meanwhile the longest gap between
 * animation frames tells whether the page froze.
 */
export async function npsPage(browser, url, orders, survey, timeoutMs) {
  const { context, page, errors } = await freshPage(browser);
  try {
    await page.goto(url);
    await waitMark(page, 'engineReady', 2 * MINUTE);
    await page.locator('input[type=file]').setInputFiles([orders, survey]);
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: timeoutMs });
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await waitMark(page, 'quality', timeoutMs);
    const answers = await page.evaluate(() => document.body.innerText.match(/([\d,]+) survey answers?/)?.[1] ?? null);
    await watchFrames(page);
    await page.getByRole('link', { name: 'NPS & voice', exact: true }).click();
    const readyAt = await paintedAt(page, timeoutMs, { within: 'Score over time', selector: DRAWN_CHART });
    const settledAt = await paintedAt(page, timeoutMs, { within: 'Words in the comments', selector: 'canvas', idle: true });
    const maxGap = await page.evaluate(() => ((window.__frames.on = false), window.__frames.maxGap));
    const start = clickTime(await marksOf(page), 'NPS & voice');
    if (errors.length) throw new Error('page errors: ' + errors.join('; '));
    return { readyMs: readyAt - start, settledMs: settledAt - start, maxFrameGapMs: maxGap, answers: answers && Number(answers.replace(/,/g, '')) };
  } finally {
    await context.close();
  }
}

/**
 * The programme-effect page with an orders file and a customers file (enrolment dates): load
 * both, open "Programme effect" from the navigation and time until every card has settled
 * (`readyMs`: the matching, the event study, the placebo and the bootstrap of the naive gap, all
 * in the worker). Meanwhile the longest gap between animation frames tells whether the page froze.
 */
export async function programmePage(browser, url, orders, customers, timeoutMs) {
  const { context, page, errors } = await freshPage(browser);
  try {
    await page.goto(url);
    await waitMark(page, 'engineReady', 2 * MINUTE);
    await page.locator('input[type=file]').setInputFiles([orders, customers]);
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: timeoutMs });
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await waitMark(page, 'quality', timeoutMs);
    await watchFrames(page);
    await page.getByRole('link', { name: 'Programme effect', exact: true }).click();
    const readyAt = await paintedAt(page, timeoutMs, { within: 'Purchases per month around joining (members − look-alikes)', selector: DRAWN_CHART, idle: true });
    const maxGap = await page.evaluate(() => ((window.__frames.on = false), window.__frames.maxGap));
    const start = clickTime(await marksOf(page), 'Programme effect');
    const matched = await page.evaluate(() => document.body.innerText.match(/([\d,]+) members compared with ([\d,]+) customers/)?.slice(1).map((x) => Number(x.replace(/,/g, ''))) ?? null);
    if (errors.length) throw new Error('page errors: ' + errors.join('; '));
    return { readyMs: readyAt - start, maxFrameGapMs: maxGap, matchedMembers: matched?.[0] ?? null, matchedControls: matched?.[1] ?? null };
  } finally {
    await context.close();
  }
}
