import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { textFile } from '../helpers/files';
import { WarmUp, warmUpFile } from '../../src/lib/engine/warm-up';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { firstRow, toRows, type Database } from '../../src/lib/engine/types';

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
});
afterAll(() => db.close());

const objects = async () =>
  toRows(
    await db.query(`SELECT database_name, table_name AS name FROM duckdb_tables()
      UNION ALL SELECT database_name, view_name FROM duckdb_views() WHERE NOT internal ORDER BY ALL`)
  );

/** `db`, counting the statements run through it; `onStatement` sees each count. */
function counting(onStatement: (n: number) => void): Database & { count: number } {
  const wrapped = {
    count: 0,
    query: (sql: string) => (onStatement(++wrapped.count), db.query(sql)),
    exec: (sql: string) => (onStatement(++wrapped.count), db.exec(sql)),
    registerBuffer: (name: string, bytes: Uint8Array) => db.registerBuffer(name, bytes),
    dropFile: (name: string) => db.dropFile(name)
  };
  return wrapped;
}

describe('the engine warm-up', () => {
  it('is an orders file the importer reads as one, every role proposed from its header', async () => {
    const ins = await inspectFile(db, warmUpFile(500), 0);
    expect(ins.problem).toBeUndefined();
    expect(ins.plan!.kind).toBe('orders');
    expect(Object.fromEntries(ins.plan!.columns.map((c) => [c.source, c.role]))).toEqual({
      customer_id: 'customer_id',
      order_id: 'order_id',
      order_date: 'order_date',
      amount: 'amount',
      channel: 'channel'
    });
    await db.dropFile(ins.plan!.path);
  });

  it('runs the import and the overview, then leaves the database as it found it', async () => {
    await db.exec('CREATE TABLE kept AS SELECT 1 AS x');
    const before = await objects();
    const seen = counting(() => undefined);
    const run = new WarmUp(seen);
    await run.done;
    expect(run.completed).toBe(true);
    // The inspection, the load's statements and the overview's three.
    expect(seen.count).toBeGreaterThan(20);
    expect(await objects()).toEqual(before);
    await db.exec('DROP TABLE kept');
  });

  it('gives way when stopped mid-load, and a real file then loads as if it had never run', async () => {
    // Two statements list what the database holds, then the inspection's: stop three into the load.
    const inspection = counting(() => undefined);
    await db.dropFile((await inspectFile(inspection, warmUpFile(), 0)).plan!.path);
    let run: WarmUp | null = null;
    const seen = counting((n) => n === 2 + inspection.count + 3 && run?.stop());
    run = new WarmUp(seen);
    await run.done;
    expect(run.completed).toBe(false);
    expect(await objects()).toEqual([]);

    const ins = await inspectFile(db, textFile('orders.csv', 'customer,date,amount\nA,2024-01-05,100\nB,2024-02-01,250\nA,2024-03-09,50\n'), 0);
    const report = await loadDataset(db, [ins.plan!], { today: '2026-12-01' });
    expect(report.files[0].loaded).toBe(3);
    expect(firstRow(await db.query('SELECT count(*) AS n, sum(amount) AS revenue FROM order_facts'))).toEqual({ n: 3, revenue: 400 });
    expect(firstRow(await db.query('SELECT count(*) AS n FROM customers'))).toEqual({ n: 2 });
  });
});
