/**
 * The same load + overview on native DuckDB (@duckdb/node-api, DuckDB v1.4.3 like duckdb-wasm
 * 1.32), reading the same file from disk. A fresh in-memory database per run. Native DuckDB
 * uses every core (its default); the wasm build in the browser is single-threaded.
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** Results as the app's plain columns; BIGINTs become numbers as castBigIntToDouble does in the app. */
async function columns(conn, sql) {
  const reader = await conn.runAndReadAll(sql);
  const names = reader.columnNames();
  const data = reader.getColumnsJS().map((col) => col.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
  return { names, columns: Object.fromEntries(names.map((n, i) => [n, data[i]])), rowCount: reader.currentRowCount };
}

/** `q` is bench/queries.ts, loaded by the caller through vite. */
export async function nativeRun(q, file) {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(q.ENGINE_SETUP_SQL);
    const t0 = performance.now();
    for (const sql of q.loadSql(file)) await conn.run(sql);
    const t1 = performance.now();
    const { orders } = await q.overview({ query: (sql) => columns(conn, sql) });
    const t2 = performance.now();
    return { loadMs: t1 - t0, queriesMs: t2 - t1, totalMs: t2 - t0, orders };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export async function nativeThreads() {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const [row] = (await conn.runAndReadAll("SELECT current_setting('threads') AS t, version() AS v")).getRowObjectsJS();
  conn.closeSync();
  instance.closeSync();
  return { threads: Number(row.t), version: row.v };
}
