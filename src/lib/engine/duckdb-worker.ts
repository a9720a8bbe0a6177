/**
 * DuckDB's own worker, started the moment the engine worker starts. Its 0.8 MB of glue and
 * the 34 MB WebAssembly compile that follows are the long pole of the engine's start-up, so
 * nothing else (the DuckDB client, Arrow, the importer) is loaded before it is under way.
 * DuckDB's files come from this origin (never a CDN), as part of the app's build.
 */
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';

/**
 * duckdb-wasm's own test for WebAssembly exception handling (`getPlatformFeatures` in
 * `selectBundle`), which picks the smaller, faster "eh" build; copied so the choice is made
 * without loading duckdb-wasm's client first. Without threads (no cross-origin isolation) the
 * choice is eh or mvp, exactly as `selectBundle` makes it.
 */
const EXCEPTIONS_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11]);

export interface DuckdbWorker {
  worker: Worker;
  /** The wasm module that goes with the worker's glue. */
  mainModule: string;
}

let spawned: DuckdbWorker | null = null;

/** The engine worker's DuckDB worker (one per engine worker, started on first call). */
export function duckdbWorker(): DuckdbWorker {
  if (!spawned) {
    const eh = WebAssembly.validate(EXCEPTIONS_PROBE);
    spawned = { worker: new Worker(eh ? ehWorker : mvpWorker), mainModule: eh ? ehWasm : mvpWasm };
  }
  return spawned;
}
