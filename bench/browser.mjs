/**
 * Headless Chromium for the benchmark, set up like the end-to-end tests (system browser, same
 * flags), plus the two instruments the measurements need: in-page marks taken by the page's
 * own clock, and a sampler of the browser's memory.
 */
import { chromium } from 'playwright-core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'
];

export async function launch() {
  const executablePath = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((p) => p && existsSync(p));
  if (!executablePath) throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH');
  return chromium.launch({ executablePath, args: ARGS });
}

/**
 * A fresh context (empty HTTP cache, storage and service workers) with the marks installed.
 * `blockServiceWorker` is for a diagnostic only: it shows what the first visit's precaching costs.
 */
export async function freshPage(browser, { locale = 'en-US', blockServiceWorker = false } = {}) {
  const context = await browser.newContext({
    locale, viewport: { width: 1280, height: 900 }, serviceWorkers: blockServiceWorker ? 'block' : 'allow'
  });
  await context.addInitScript(installMarks);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/**
 * Runs in the page before its own scripts. Records, on the page's clock (ms since navigation
 * start), the first moment each milestone is on screen (and the engine worker's creation) and every click, so the timings don't
 * include Playwright's round trips or polling. `overviewDrawn` is taken two animation frames
 * after the KPI values and three canvases exist, i.e. once that frame has been painted.
 */
function installMarks() {
  const marks = { clicks: [] };
  window.__marks = marks;
  const once = (k) => marks[k] ?? (marks[k] = performance.now());
  // The page's first worker is the engine's: when it is created, DuckDB's start is under way.
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(...args) {
      super(...args);
      once('engineStarted');
    }
  };
  const DRAWN = '[role=img][aria-busy=false] canvas';
  const heading = (text) => [...document.querySelectorAll('h1, h2, h3')].some((h) => h.textContent.trim() === text);
  document.addEventListener('click', (e) => {
    const el = e.target instanceof Element ? e.target.closest('button, a') : null;
    if (el) marks.clicks.push({ text: el.textContent.trim(), t: performance.now() });
  }, true);
  const check = () => {
    // Any status line: the page has others (the update banner is one, always present).
    if ([...document.querySelectorAll('[role=status]')].some((e) => e.textContent.includes('Analysis engine ready'))) once('engineReady');
    if ([...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Try the demo' && !b.disabled)) once('demoButton');
    // The engine's warm-up on a generated file (src/lib/engine/warm-up.ts) has finished.
    if (document.querySelector('[data-warm=true]')) once('engineWarm');
    if (heading('Check the columns')) once('mapping');
    if (heading('Data quality')) once('quality');
    // Any page: the first chart, painted (two frames after a chart has drawn its option: a
    // chart is busy from its canvas's creation until then).
    if (document.querySelector(DRAWN) && marks.firstCanvas === undefined) {
      once('firstCanvas');
      requestAnimationFrame(() => requestAnimationFrame(() => once('firstChart')));
    }
    const orders = document.querySelector('[role=group][aria-label="Orders"] .kpi-value');
    if (orders && document.querySelectorAll(DRAWN).length >= 3 && marks.overviewContent === undefined) {
      once('overviewContent');
      requestAnimationFrame(() => requestAnimationFrame(() => once('overviewDrawn')));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

export const marksOf = (page) => page.evaluate(() => window.__marks);

/** Wait until an in-page mark exists (polling is fine: the mark itself carries the time). */
export async function waitMark(page, name, timeout) {
  await page.waitForFunction((n) => window.__marks?.[n] !== undefined, name, { timeout, polling: 50 });
}

/** The time of the last click on a button or link whose text starts with `text` (after a navigation link's icon). */
export function clickTime(marks, text) {
  const c = marks.clicks.filter((k) => k.text.replace(/^[^\p{L}\p{N}]+/u, '').startsWith(text)).at(-1);
  if (!c) throw new Error(`no click on “${text}” recorded`);
  return c.t;
}

/** All processes below `root` (Chromium's renderers, GPU, network service…). */
function descendants(root) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      (children.get(ppid) ?? children.set(ppid, []).get(ppid)).push(Number(d));
    } catch {
      /* gone meanwhile */
    }
  }
  const out = [];
  const walk = (p) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(root);
  return out;
}

function rssBytes(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return 0;
  }
}

/**
 * Peak resident memory of the largest single Chromium process while `work` runs. The page and
 * its workers (hence DuckDB's WASM heap) share one renderer process, so this is the number that
 * runs out first. Chromium runs as a child of this Node process. Linux only; null elsewhere.
 */
export async function withPeakRss(work) {
  const root = process.pid;
  if (!existsSync('/proc/self/stat')) return { result: await work(), peakRss: null };
  let peak = 0;
  const sample = () => {
    for (const pid of descendants(root)) peak = Math.max(peak, rssBytes(pid));
  };
  const timer = setInterval(sample, 250);
  try {
    const result = await work();
    sample();
    return { result, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}
