/**
 * Intermediate results worth keeping: a page computes per-customer scores once into a temporary
 * table and every query of the page, and every click on it, reads that instead of all orders again
 * (a segment click then re-reads one row per customer). The table's name is a hash of its SQL, so
 * the same inputs find the same table; the few most recent are kept. A new dataset has a new
 * engine with no tables, and `IF NOT EXISTS` simply computes them again there; loading into the
 * same engine drops them first (`forgetCached`).
 */
import { ident } from '../engine/sql';
import { toRows, type QueryRunner } from '../engine/types';

const KEEP = 6;
const recent: string[] = [];

/** FNV-1a, 32 bits, as hex: a short, stable name for a SQL text. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** `SELECT * FROM` a temporary table holding the rows of `sql`, computed at most once. */
export async function materialize(db: QueryRunner, sql: string): Promise<string> {
  const name = `_cache_${hash(sql)}`;
  // When the table exists, DuckDB binds `sql` but neither plans nor runs it (about a millisecond);
  // a catalog lookup first would cost more the first time, as a code path of its own.
  await db.query(`CREATE TEMP TABLE IF NOT EXISTS ${ident(name)} AS ${sql}`);
  const at = recent.indexOf(name);
  if (at >= 0) recent.splice(at, 1);
  recent.push(name);
  while (recent.length > KEEP) await db.query(`DROP TABLE IF EXISTS ${ident(recent.shift()!)}`);
  return `SELECT * FROM ${ident(name)}`;
}

/**
 * Drop every cached result: a dataset loaded into the same engine (as tests do) must not find
 * the previous data's results under the same SQL.
 */
export async function forgetCached(db: QueryRunner): Promise<void> {
  recent.length = 0;
  const rows = toRows<{ name: string }>(
    await db.query(`SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND starts_with(table_name, '_cache_')`)
  );
  for (const { name } of rows) await db.query(`DROP TABLE IF EXISTS ${ident(name)}`);
}
