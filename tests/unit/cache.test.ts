import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { materialize } from '../../src/lib/analyses/cache';
import { toRows } from '../../src/lib/engine/types';

describe('materialize', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());

  const values = async (from: string) => toRows<{ v: number }>(await db.query(`${from} ORDER BY i`)).map((r) => r.v);

  it('computes a result once and reads it back for the same SQL', async () => {
    const sql = 'SELECT i, random() AS v FROM range(5) t(i)';
    const first = await materialize(db, sql);
    const before = await values(first);
    expect(await materialize(db, sql)).toBe(first);
    // random() would differ had the SQL run again.
    expect(await values(first)).toEqual(before);
    expect(await materialize(db, sql + ' ')).not.toBe(first);
  });

  it('keeps the few most recent results and drops older ones', async () => {
    const names = [];
    for (let k = 0; k < 8; k++) names.push(await materialize(db, `SELECT ${k} AS i, ${k} AS v`));
    await expect(db.query(`${names[0]}`)).rejects.toThrow();
    expect(await values(names[7])).toEqual([7]);
  });
});
