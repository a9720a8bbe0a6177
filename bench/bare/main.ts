/**
 * Bare duckdb-wasm, set up the way the app's engine is (same eh bundle, same open options and
 * setup SQL, the app's `BrowserDatabase`), doing the app's confirm → overview work with nothing
 * around it: no engine worker between page and DuckDB, no Comlink, no Svelte, no charts.
 * Two loads, chosen by the URL:
 * - `?load=app`: the app's own SQL. Picking the file runs the app's inspection (as dropping a
 *   file does; not timed), Run runs the app's load of that plan, checks and all;
 * - otherwise a plain CTAS from the registered file, which checks nothing (what checking costs).
 * Then the app's overview SQL. The bench drives it: pick a file, wait for `data-state=registered`,
 * click Run, read #log.
 *
 * `?threads=N` (issue 15's question: is duckdb-wasm's multi-threaded build faster here?) runs the
 * same on the "coi" build with N threads (the page is cross-origin isolated: bench/bare/vite.config.mjs
 * sends COOP/COEP). Its pthreads cannot read a file registered as a browser file handle (the
 * query fails with "No HTML5 file registered", or reads nothing), so there the file is read into
 * memory and registered as a buffer, the threaded build's best case.
 */
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import coiWasm from '@duckdb/duckdb-wasm/dist/duckdb-coi.wasm?url';
import coiWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.worker.js?url';
import coiPthreadWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.pthread.worker.js?url';
import * as duckdb from '@duckdb/duckdb-wasm';
import { BrowserDatabase } from '../../src/lib/engine/browser-database';
import { ENGINE_QUERY_CONFIG, ENGINE_SETUP_SQL } from '../../src/lib/engine/setup';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { localToday } from '../../src/lib/analyses/period';
import type { FilePlan } from '../../src/lib/ingest/types';
import { loadSql, overview } from '../queries';

const FILE = 'file.csv';
const params = new URLSearchParams(location.search);
const appLoad = params.get('load') === 'app';
const threads = Number(params.get('threads') ?? 0);
const input = document.querySelector('input')!;
const run = document.querySelector<HTMLButtonElement>('#run')!;
const setState = (s: string) => (document.body.dataset.state = s);
const failed = (e: unknown) => setState('failed: ' + (e instanceof Error ? e.message : String(e)));

let plan: FilePlan | null = null;

/**
 * Load + overview, timed separately; the result carries the Orders KPI to check against the
 * app. The overview then runs a second time (not part of the comparison): the first run pays
 * for V8 compiling DuckDB's hot wasm functions, the second shows what that costs.
 */
async function work(db: BrowserDatabase) {
  const t0 = performance.now();
  if (plan) await loadDataset(db, [plan], { today: localToday() });
  else for (const sql of loadSql(FILE)) await db.exec(sql);
  const t1 = performance.now();
  const { orders } = await overview(db);
  const t2 = performance.now();
  await overview(db);
  const t3 = performance.now();
  return { loadMs: t1 - t0, queriesMs: t2 - t1, queriesAgainMs: t3 - t2, orders };
}

/** The coi build with `n` threads, its files registered as buffers (see the top of the file). */
async function threaded(n: number): Promise<BrowserDatabase> {
  if (!crossOriginIsolated) throw new Error('the page is not cross-origin isolated');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(coiWorker));
  await db.instantiate(coiWasm, coiPthreadWorker);
  await db.open({ maximumThreads: n, query: { ...ENGINE_QUERY_CONFIG } });
  const conn = await db.connect();
  await conn.query(ENGINE_SETUP_SQL);
  const engine = new BrowserDatabase(db, conn);
  engine.registerFile = async (name, file) => engine.registerBuffer(name, new Uint8Array(await file.arrayBuffer()));
  return engine;
}

const engine = threads > 0 ? threaded(threads) : BrowserDatabase.start(new Worker(ehWorker), ehWasm);
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
