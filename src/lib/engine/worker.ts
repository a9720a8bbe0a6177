/// <reference lib="webworker" />
/**
 * The engine worker's entry: starts DuckDB's worker first, then loads the rest of the engine
 * (`api.ts`: DuckDB's client, Arrow, the importer) while DuckDB compiles. Calls that arrive
 * meanwhile wait for it; they are accepted at once, so none is lost.
 */
import * as Comlink from 'comlink';
import { duckdbWorker } from './duckdb-worker';
import type { EngineApi } from './api';

duckdbWorker();
const engine = import('./api');

const api = new Proxy({} as EngineApi, {
  get: (_, name: keyof EngineApi) => async (...args: unknown[]) => {
    // The page's "are you there?" is answered before the rest of the engine has loaded, too.
    if (name === 'ping') return true;
    const method = (await engine).api[name] as (...a: unknown[]) => unknown;
    return method(...args);
  }
});

Comlink.expose(api);
