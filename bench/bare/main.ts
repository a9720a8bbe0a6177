/**
 * Bare duckdb-wasm, set up the way the app's engine is (the same build, open options, setup SQL
 * and `BrowserDatabase`), doing the app's confirm → overview work with nothing around it: no
 * engine worker between page and DuckDB, no Comlink, no Svelte, no charts. Two loads, chosen by
 * the URL:
 * - `?load=app`: the app's own SQL. Picking the file runs the app's inspection (as dropping a
 *   file does; not timed), Run runs the app's load of that plan, checks and all;
 * - otherwise a plain CTAS from the registered file, which checks nothing (what checking costs).
 * Then the app's overview SQL. The bench drives it: pick a file, wait for `data-state=registered`,
 * click Run, read #log.
 *
 * The engine warms up first, as the app's does while the user picks a file (engine/warm-up.ts):
 * the same generated file through the same import and overview, so both start on the same code.
 *
 * `?threaded=1` (issue 15's question: is duckdb-wasm's multi-threaded build faster here?) runs
 * the same on the "coi" build, as the app runs it on a host that sends COOP/COEP (this page is
 * cross-origin isolated: bench/bare/vite.config.mjs sends them).
 */
import { BrowserDatabase } from '../../src/lib/engine/browser-database';
import { startDuckdbWorker } from '../../src/lib/engine/duckdb-worker';
import { WarmUp } from '../../src/lib/engine/warm-up';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { localToday } from '../../src/lib/analyses/period';
import type { FilePlan } from '../../src/lib/ingest/types';
import { loadSql, overview } from '../queries';

const FILE = 'file.csv';
const params = new URLSearchParams(location.search);
const appLoad = params.get('load') === 'app';
const threaded = params.get('threaded') === '1';
const input = document.querySelector('input')!;
const run = document.querySelector<HTMLButtonElement>('#run')!;
const setState = (s: string) => (document.body.dataset.state = s);
const failed = (e: unknown) => setState('failed: ' + (e instanceof Error ? e.message : String(e)));

let plan: FilePlan | null = null;

/**
 * Load + overview, timed separately; the result carries the Orders KPI to check against the
 * app. The overview then runs a second time (not part of the comparison): what the first run
 * still pays after the warm-up (V8 optimising more of DuckDB's code, memory growing).
 */
async function work(db: BrowserDatabase) {
  const t0 = performance.now();
  if (plan) await loadDataset(db, [plan], { today: localToday() });
  else await db.readingFiles(async () => {
    for (const sql of loadSql(FILE)) await db.exec(sql);
  });
  const t1 = performance.now();
  const { orders } = await overview(db);
  const t2 = performance.now();
  await overview(db);
  const t3 = performance.now();
  return { loadMs: t1 - t0, queriesMs: t2 - t1, queriesAgainMs: t3 - t2, orders };
}

const engine = BrowserDatabase.start(startDuckdbWorker(threaded)).then(async (db) => {
  if (threaded && db.threads < 2) throw new Error('the threaded build did not start (not cross-origin isolated, or one core)');
  await new WarmUp(db).done;
  return db;
});
engine.then(() => setState('ready'), failed);

input.addEventListener('change', async () => {
  try {
    const file = input.files![0];
    const db = await engine;
    if (appLoad) {
      const inspection = await inspectFile(db, file, 0);
      if (!inspection.plan) throw new Error(`no plan: ${JSON.stringify(inspection.problem)}`);
      plan = inspection.plan;
    } else await db.registerFile(FILE, file);
    run.disabled = false;
    setState('registered');
  } catch (e) {
    failed(e);
  }
});

run.addEventListener('click', async () => {
  run.disabled = true;
  try {
    const result = await work(await engine);
    document.querySelector('#log')!.textContent = JSON.stringify(result);
    setState('done');
  } catch (e) {
    failed(e);
  }
});
