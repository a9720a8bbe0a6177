import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { CACHE_LIMITS, CacheFull, forgetCached, isCached, materialize, remember } from '../../src/lib/analyses/cache';
import { toRows, type QueryRunner } from '../../src/lib/engine/types';

describe('materialize', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());
  beforeEach(() => forgetCached(db));

  const values = async (from: string) => toRows<{ v: number }>(await db.query(`${from} ORDER BY i`)).map((r) => r.v);
  const exists = async (select: string) => db.query(`${select} LIMIT 0`).then(() => true, () => false);
  /** `n` rows, distinct per `k`. */
  const big = (k: number, n: number) => `SELECT i, ${k} AS v FROM range(${n}) t(i)`;
  const ahead: QueryRunner = { query: (sql) => db.query(sql), ahead: true };

  it('computes a result once and reads it back for the same SQL', async () => {
    const sql = 'SELECT i, random() AS v FROM range(5) t(i)';
    const first = await materialize(db, sql);
    const before = await values(first);
    expect(await materialize(db, sql)).toBe(first);
    // random() would differ had the SQL run again.
    expect(await values(first)).toEqual(before);
    expect(await materialize(db, sql + ' ')).not.toBe(first);
  });

  it('keeps its tables out of the main database', async () => {
    await materialize(db, 'SELECT 1 AS i, 1 AS v');
    const where = toRows<{ d: string }>(await db.query("SELECT database_name AS d FROM duckdb_tables() WHERE starts_with(table_name, '_cache_')"));
    expect(where.map((r) => r.d)).toEqual(['kizuna_work']);
  });

  it('keeps at most the table limit of small results, the most recent ones', async () => {
    const names = [];
    for (let k = 0; k < CACHE_LIMITS.tables + 2; k++) names.push(await materialize(db, `SELECT ${k} AS i, ${k} AS v`));
    expect(await exists(names[0])).toBe(false);
    expect(await exists(names[1])).toBe(false);
    expect(await exists(names[2])).toBe(true);
    expect(await values(names.at(-1)!)).toEqual([CACHE_LIMITS.tables + 1]);
  });

  it('drops the oldest tables beyond the row budget, but never the last few a page used', async () => {
    const n = Math.ceil(CACHE_LIMITS.rows / 2);
    const [a, b] = [await materialize(db, big(1, n)), await materialize(db, big(2, n))];
    expect([await exists(a), await exists(b)]).toEqual([true, true]);
    for (let k = 0; k < CACHE_LIMITS.minTables; k++) await materialize(db, `SELECT ${k} AS i, ${k} AS v`);
    expect([await exists(a), await exists(b)]).toEqual([false, true]);
    // Each far over the budget alone: the last MIN_TABLES stay all the same.
    const huge = [];
    for (let k = 0; k < CACHE_LIMITS.minTables; k++) huge.push(await materialize(db, big(10 + k, CACHE_LIMITS.rows + 1)));
    for (const t of huge) expect(await exists(t)).toBe(true);
    expect(await exists(b)).toBe(false);
  });

  it('keeps a table made ahead of time only while there is room, and lets it go first', async () => {
    const n = Math.ceil(CACHE_LIMITS.rows / 3);
    const used = await materialize(db, big(1, n));
    const early = await materialize(ahead, big(2, n));
    expect(isCached(early)).toBe(true);
    // No room for a third ahead of time: it is not kept, and the work ahead stops there.
    await materialize(ahead, big(3, n));
    await expect(materialize(ahead, big(4, n))).rejects.toBeInstanceOf(CacheFull);
    // A page's own table pushes out the ones made ahead of time before its own older ones.
    const mine = await materialize(db, big(5, 2 * n));
    expect(isCached(used) && isCached(mine)).toBe(true);
    expect(await exists(early)).toBe(false);
  });

  it('builds a table once when two callers ask for it at the same time', async () => {
    const sql = 'SELECT i, random() AS v FROM range(1000) t(i)';
    const [x, y] = await Promise.all([materialize(ahead, sql), materialize(db, sql)]);
    expect(x).toBe(y);
    expect(await values(x)).toHaveLength(1000);
  });
});

describe('remember', () => {
  it('computes once per key, forgets failures, and computes again once a table it read is gone', async () => {
    let runs = 0;
    const compute = async () => ++runs;
    expect(await remember('k1', compute)).toBe(1);
    expect(await remember('k1', compute)).toBe(1);
    expect(await remember('k2', compute)).toBe(2);
    await expect(remember('k3', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await remember('k3', compute)).toBe(3);
    expect(await remember('k4', compute, () => ['SELECT * FROM "kizuna_work"."_cache_gone"'])).toBe(4);
    expect(await remember('k4', compute, () => ['SELECT * FROM "kizuna_work"."_cache_gone"'])).toBe(5);
  });
});
