/**
 * Where the app's own time goes between "Load" and the overview: the app's real import and
 * overview code (inspectFile, loadDataset, runOverview) on the same file, with every statement
 * timed. It runs in Node on duckdb-wasm's blocking build (the same wasm engine as the browser,
 * without the worker hops, the UI and the charts), so the shares are what matters, not the sums.
 */
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { arrowToColumns } from '../src/lib/engine/arrow';
import { openBlocking } from '../tests/helpers/duckdb';
import type { Columns, Database } from '../src/lib/engine/types';
import { inspectFile } from '../src/lib/ingest/prepare';
import { loadDataset } from '../src/lib/ingest/load';
import { runOverview } from '../src/lib/analyses/overview/run';
import { FILTERS } from './queries';

/** Readable names for the statements of the load; anything else is shown by its first words. */
const STEPS: [RegExp, string][] = [
  [/^CREATE OR REPLACE (TEMP )?TABLE ("kizuna_work"\.main\.)?_typed/, 'read CSV, parse and check every value → _typed'],
  [/^INSERT INTO load_issues .* FROM _typed/s, 'one scan of _typed per check → load_issues'],
  [/^INSERT INTO load_issues .* FROM _rej/s, "reader's rejects → load_issues"],
  [/^INSERT INTO _orders/, '_typed → _orders'],
  [/^INSERT INTO _customers/, '_typed → _customers'],
  [/^CREATE OR REPLACE TABLE customers/, 'customers table (one row per customer)'],
  [/^(DROP TABLE IF EXISTS orders|CREATE OR REPLACE TABLE orders)/, 'orders table with is_member'],
  [/^SELECT \(SELECT count\(\*\) FROM _typed\)/, 'row accounting counts'],
  [/^SELECT count\(\*\) AS rows,\s+(count\(DISTINCT order_id\)|\(SELECT count)/, 'data-quality figures (counts, duplicates)'],
  [/^CREATE OR REPLACE TABLE _orders/, 'create empty canonical tables'],
  [/^SELECT count\(\*\) AS rows, count\(DISTINCT hash\(order_id\)\)/, 'order ids all distinct? (their hashes)'],
  [/^SELECT count\(\*\) FILTER \(WHERE lines > 1\)/, 'orders per order id (only when ids repeat)'],
  [/^CREATE OR REPLACE TABLE order_facts/, 'order_facts (one row per order)'],
  [/^WITH o AS .*pareto AS/s, 'KPIs + Pareto + monthly (one statement)'],
  [/^WITH base AS .*newRevenue/s, 'monthly'],
  [/^WITH base AS .*VALUES .*lifetime AS/s, 'KPIs'],
  [/^WITH base AS .*range\(1, 101\)/s, 'Pareto curve'],
  [/^SELECT strftime\(min\(d\)/, 'date bounds'],
  [/^SELECT count\(DISTINCT order_id\) FILTER .* customer_id IS NULL/s, 'orders without customer id']
];

function stepName(phase: string, sql: string): string {
  const s = sql.trim();
  const known = STEPS.find(([re]) => re.test(s));
  return `${phase}: ${known ? known[1] : s.replace(/\s+/g, ' ').slice(0, 60) + '…'}`;
}

class TimedDatabase implements Database {
  phase = 'inspect';
  readonly times = new Map<string, number>();
  constructor(private readonly db: duckdb.DuckDBBindings, private readonly conn: duckdb.DuckDBConnection) {}

  private timed<T>(sql: string, run: () => T): T {
    const t = performance.now();
    const out = run();
    const name = stepName(this.phase, sql);
    this.times.set(name, (this.times.get(name) ?? 0) + performance.now() - t);
    return out;
  }
  async query(sql: string): Promise<Columns> {
    return this.timed(sql, () => arrowToColumns(this.conn.query(sql)));
  }
  async exec(sql: string): Promise<void> {
    this.timed(sql, () => this.conn.query(sql));
  }
  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    this.db.registerFileBuffer(name, bytes);
  }
  async dropFile(name: string): Promise<void> {
    this.db.dropFile(name);
  }
}

async function open(): Promise<TimedDatabase> {
  const { db, conn } = await openBlocking();
  return new TimedDatabase(db, conn);
}

export interface ProfileStep {
  step: string;
  ms: number;
}

/** Inspect, load and show the overview of one file; the statements' times, load first. */
export async function profileAppLoad(file: string): Promise<ProfileStep[]> {
  const db = await open();
  const blob = new File([readFileSync(file)], path.basename(file), { type: 'text/csv' });
  const inspection = await inspectFile(db, blob, 0);
  if (!inspection.plan) throw new Error(`the app could not read ${file}: ${JSON.stringify(inspection.problem)}`);
  db.times.clear(); // the clock starts at "Load", as in the browser
  db.phase = 'load';
  await loadDataset(db, [inspection.plan], { today: new Date().toISOString().slice(0, 10) });
  db.phase = 'overview';
  await runOverview(db, FILTERS);
  return [...db.times].map(([step, ms]) => ({ step, ms }));
}
