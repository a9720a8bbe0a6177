/**
 * DuckDB's own worker, started the moment the engine worker starts. Its 0.8 MB of glue and
 * the 34 MB WebAssembly compile that follows are the long pole of the engine's start-up, so
 * nothing else (the DuckDB client, Arrow, the importer) is loaded before it is under way.
 * DuckDB's files come from this origin (never a CDN), as part of the app's build.
 *
 * Which build: "eh" (single-threaded, WebAssembly exceptions), else "mvp". Where the page is
 * cross-origin isolated, which happens only if its host sends COOP/COEP (`KIZUNA_THREADS=1
 * npm start` does, plain `npm start` does not), the multi-threaded "coi" build instead. Not by
 * default, because on the bench's 2 cores it was not faster from confirm to overview at 1M rows
 * (6 % slower, 3 % faster at 5M; repeated queries 20–33 % faster) and took 300 MB more;
 * `npm run bench` measures both.
 */
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import coiWasm from '@duckdb/duckdb-wasm/dist/duckdb-coi.wasm?url';
import coiWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.worker.js?url';
import coiPthreadWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.pthread.worker.js?url';

/**
 * duckdb-wasm's own test for WebAssembly exception handling (`getPlatformFeatures` in
 * `selectBundle`), copied so the choice is made without loading duckdb-wasm's client first.
 */
const EXCEPTIONS_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11]);

/**
 * The coi build's glue starts 4 pthread workers; DuckDB's `threads` counts its own thread too.
 * More would only add workers started on demand, each with a copy of the glue.
 */
const MAX_THREADS = 4;

export interface DuckdbWorker {
  worker: Worker;
  /** The wasm module that goes with the worker's glue. */
  mainModule: string;
  /** The threaded build: its pthread worker, and how many threads DuckDB may use. */
  pthreads?: { worker: string; threads: number };
}

/** Start DuckDB's worker: the threaded build if asked and possible, else eh, else mvp. */
export function startDuckdbWorker(threaded: boolean): DuckdbWorker {
  const eh = WebAssembly.validate(EXCEPTIONS_PROBE);
  const cores = Math.min(MAX_THREADS, self.navigator?.hardwareConcurrency ?? 1);
  if (threaded && eh && self.crossOriginIsolated && cores > 1) {
    return { worker: new Worker(coiWorker), mainModule: coiWasm, pthreads: { worker: coiPthreadWorker, threads: cores } };
  }
  return { worker: new Worker(eh ? ehWorker : mvpWorker), mainModule: eh ? ehWasm : mvpWasm };
}

let spawned: DuckdbWorker | null = null;

/** The engine worker's DuckDB worker (one per engine worker, started on first call). */
export function duckdbWorker(): DuckdbWorker {
  spawned ??= startDuckdbWorker(self.crossOriginIsolated);
  return spawned;
}
