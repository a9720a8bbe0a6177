/**
 * Intermediate results worth keeping: a page computes per-customer scores once into a table and
 * every query of the page, and every click on it, reads that instead of all orders again (a
 * segment click then re-reads one row per customer). The table's name is a hash of its SQL, so
 * the same inputs find the same table. The tables live in the engine's work database (see
 * engine/setup.ts), which every connection sees: a page can compute a result ahead of time on the
 * background connection and read it from the foreground one. A new dataset has a new engine with
 * no tables, and `IF NOT EXISTS` simply computes them again there; loading into the same engine
 * drops them first (`forgetCached`).
 *
 * What is kept: the most recently used tables, up to ROW_BUDGET rows together (about 100 bytes
 * each) and MAX_TABLES tables, but always the last MIN_TABLES a page used, whatever their size.
 * A table made ahead of time (by a runner marked `ahead`) is the first to go, until a page uses it.
 *
 * `remember` keeps the small results computed from such tables (a page's figures), so that a
 * page coming back to the same inputs shows them without asking the engine again.
 */
import { ident } from '../engine/sql';
import { WORK_DATABASE } from '../engine/setup';
import { toRows, type QueryRunner } from '../engine/types';

/** The limits described above (exported for tests). */
export const CACHE_LIMITS = { rows: 3_000_000, tables: 32, minTables: 6 } as const;
const { rows: ROW_BUDGET, tables: MAX_TABLES, minTables: MIN_TABLES } = CACHE_LIMITS;
const MAX_REMEMBERED = 32;

interface Entry {
  name: string;
  rows: number;
  /** Made ahead of time and not used by a page yet. */
  ahead: boolean;
}
/** Least recently used first. */
const recent: Entry[] = [];
/** Tables being built, by name: a second caller waits for the first instead of building it again. */
const building = new Map<string, Promise<unknown>>();
const remembered = new Map<string, Promise<unknown>>();

/** A table made ahead of time was not kept: the cache is full of tables pages use. */
export class CacheFull extends Error {
  constructor() {
    super('the cache of intermediate results is full');
  }
}

/** FNV-1a, 32 bits, as hex: a short, stable name for a SQL text. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const qualified = (name: string) => `${ident(WORK_DATABASE)}.${ident(name)}`;
const selectFrom = (name: string) => `SELECT * FROM ${qualified(name)}`;
const keptRows = () => recent.reduce((n, e) => n + e.rows, 0);

/**
 * Beyond the limits, drop tables made ahead of time first, then the least recently used, but
 * never the last MIN_TABLES a page used.
 */
async function evict(db: QueryRunner): Promise<void> {
  while (recent.length > MAX_TABLES || keptRows() > ROW_BUDGET) {
    let at = recent.findIndex((e) => e.ahead);
    if (at < 0 && recent.length > MIN_TABLES) at = 0;
    if (at < 0) return;
    await db.query(`DROP TABLE IF EXISTS ${qualified(recent.splice(at, 1)[0].name)}`);
  }
}

/**
 * `SELECT * FROM` a table holding the rows of `sql`, computed at most once. For a runner that
 * works ahead of time (`db.ahead`, before anyone asked) the table is kept only while there is
 * room for it, else dropped and CacheFull thrown.
 */
export async function materialize(db: QueryRunner, sql: string): Promise<string> {
  const ahead = db.ahead === true;
  const name = `_cache_${hash(sql)}`;
  if (ahead && !recent.some((e) => e.name === name) && keptRows() >= ROW_BUDGET) throw new CacheFull();
  await building.get(name)?.catch(() => undefined);
  // When the table exists, DuckDB binds `sql` but neither plans nor runs it (about a millisecond);
  // a catalog lookup first would cost more the first time, as a code path of its own.
  const made = db.query(`CREATE TABLE IF NOT EXISTS ${qualified(name)} AS ${sql}`);
  building.set(name, made);
  let rows: number;
  try {
    // DuckDB answers the rows it wrote (0 when the table was there already).
    rows = Number(Object.values(toRows<Record<string, number>>(await made)[0] ?? {})[0] ?? 0);
  } finally {
    if (building.get(name) === made) building.delete(name);
  }
  const at = recent.findIndex((e) => e.name === name);
  const entry = at >= 0 ? recent.splice(at, 1)[0] : { name, rows, ahead };
  if (!ahead) {
    entry.ahead = false;
    recent.push(entry);
  } else recent.splice(at >= 0 ? at : 0, 0, entry);
  await evict(db);
  if (!recent.includes(entry)) throw new CacheFull();
  return selectFrom(name);
}

/** Whether `select` (an answer of `materialize`) still reads a kept table. */
export function isCached(select: string): boolean {
  return recent.some((e) => selectFrom(e.name) === select);
}

/**
 * `compute()`, or the promise of the same `key` made before (the key must say everything the
 * result depends on, the dataset included). `tables` names the cached tables the result refers
 * to: once one of them is gone the result is computed again. A failure is not kept.
 */
export function remember<T>(key: string, compute: () => Promise<T>, tables: (result: T) => string[] = () => []): Promise<T> {
  const known = remembered.get(key) as Promise<T> | undefined;
  if (known) {
    remembered.delete(key);
    remembered.set(key, known);
    return known.then((r) => (tables(r).every(isCached) ? r : (remembered.delete(key), remember(key, compute, tables))));
  }
  const made = compute();
  remembered.set(key, made);
  made.catch(() => remembered.get(key) === made && remembered.delete(key));
  while (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  return made;
}

/**
 * Drop every cached result: a dataset loaded into the same engine (as tests do) must not find
 * the previous data's results under the same SQL.
 */
export async function forgetCached(db: QueryRunner): Promise<void> {
  recent.length = 0;
  remembered.clear();
  const rows = toRows<{ name: string }>(
    await db.query(`SELECT table_name AS name FROM duckdb_tables() WHERE database_name = '${WORK_DATABASE}' AND starts_with(table_name, '_cache_')`)
  );
  for (const { name } of rows) await db.query(`DROP TABLE IF EXISTS ${qualified(name)}`);
}
