/**
 * The work the benchmark compares across the app, bare duckdb-wasm and native DuckDB: the
 * overview through the app's own `runOverview` (its SQL builders, its statements, in its order),
 * so every engine runs literally the same SQL even while the overview's SQL evolves; and a plain
 * CTAS that gives the tables the overview reads without checking anything (the bare page also
 * runs the app's own load; native DuckDB only this one).
 * Imported by the bare page (bundled by vite) and by Node (through vite's runnerImport).
 */
import { runOverview } from '../src/lib/analyses/overview/run';
import type { Filters } from '../src/lib/analyses/filters';
import type { QueryRunner } from '../src/lib/engine/types';
import { ORDER_SPAN_SQL } from '../src/lib/ingest/load';

/** The engine's own setup (autoload off), so the bare engines start like the app's. */
export { ENGINE_QUERY_CONFIG, ENGINE_SETUP_SQL } from '../src/lib/engine/setup';

/** No filters: what the overview shows right after a load. */
export const FILTERS: Filters = { from: null, to: null, channels: [], member: 'all' };

/**
 * The load, as separate statements. `orders` has the columns of the app's canonical table;
 * the generated files have no returns and no membership, so `is_return` is false and
 * `is_member` NULL, which is exactly what the app derives for them. The overview reads
 * `order_facts` (one row per order, calendar date `d`); every generated order has one line,
 * so a view over `orders` is all it takes (an older overview read `orders` directly).
 * `order_span` holds the first and last day of identified orders, which the app's load takes
 * from a pass it makes anyway.
 */
export function loadSql(path: string): string[] {
  return [
    `CREATE TABLE orders AS SELECT
      CAST(customer_id AS VARCHAR) AS customer_id, CAST(order_id AS VARCHAR) AS order_id,
      CAST(order_date AS TIMESTAMP) AS order_date, CAST(amount AS DOUBLE) AS amount,
      false AS is_return, CAST(channel AS VARCHAR) AS channel, NULL::BOOLEAN AS is_member
    FROM read_csv('${path.replaceAll("'", "''")}')`,
    `CREATE VIEW order_facts AS SELECT customer_id, order_id, CAST(order_date AS DATE) AS d, amount, is_return, channel, is_member
    FROM orders`,
    ORDER_SPAN_SQL
  ];
}

/** The overview as the app computes it; returns the Orders KPI to check the engines agree. */
export async function overview(db: QueryRunner): Promise<{ orders: number }> {
  const result = await runOverview(db, FILTERS);
  return { orders: Number(result?.kpis.find((k) => k.key === 'orders')?.value ?? NaN) };
}
