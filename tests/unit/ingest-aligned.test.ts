/**
 * Text whose columns are lined up with spaces (fixed-width exports; CDNOW_master.txt as it is
 * distributed): recognised, converted line for line, and loaded with every row accounted for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NodeDatabase } from '../helpers/duckdb';
import { SHARED_DATA, sharedFile, textFile } from '../helpers/files';
import { alignedToCsv, isWhitespaceAligned } from '../../src/lib/ingest/sniff';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { firstRow, toRows } from '../../src/lib/engine/types';

describe('isWhitespaceAligned / alignedToCsv', () => {
  it('recognises space-aligned columns, and not delimited or one-column text', () => {
    expect(isWhitespaceAligned(' id   date      amount\r\n 00001 19970101  11.77\r\n 00002 19970112  12.00\r\n')).toBe(true);
    expect(isWhitespaceAligned('id\tdate\tamount\n1\t2024-01-01\t5\n')).toBe(false);
    expect(isWhitespaceAligned('name, city\nJohn Smith, New York\n')).toBe(false);
    expect(isWhitespaceAligned('note\nhello\nworld\n')).toBe(false);
    expect(isWhitespaceAligned('"a b" c\n"d e" f\n')).toBe(false);
  });

  it('keeps every line (blank ones too) and quotes a comma', () => {
    expect(alignedToCsv(' a  b\r\n\r\n 1  2,5\r\n')).toBe('a,b\n\n1,"2,5"\n');
  });
});

describe('CDNOW_master.txt (69,659 transactions, space-aligned, CRLF)', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db?.close());

  it('is read with its header, mapped, and loaded to the cent, as a plain parse of the file says', async () => {
    const ins = await inspectFile(db, sharedFile('cdnow-lifetimes/CDNOW_master.txt'), 0);
    expect(ins.problem).toBeUndefined();
    const plan = ins.plan!;
    expect(plan.format).toBe('aligned');
    expect(plan.hasHeader).toBe(true);
    expect(plan.columns.map((c) => [c.label, c.role])).toEqual([
      ['customer_id', 'customer_id'], ['date', 'order_date'], ['number_of_cds', 'quantity'], ['dollar_value', 'amount']
    ]);
    const report = await loadDataset(db, [plan], { today: '2026-11-24' });
    expect(report.files[0]).toMatchObject({ dataRows: 69_659, loaded: 69_659, rejected: 0 });

    // Independently: split the file's lines on spaces and add up.
    const rows = readFileSync(path.join(SHARED_DATA, 'cdnow-lifetimes/CDNOW_master.txt'), 'latin1')
      .split(/\r\n/).slice(1).filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/));
    const cents = rows.reduce((s, r) => s + Math.round(Number(r[3]) * 100), 0);
    const loaded = firstRow<{ rows: number; customers: number; cents: number; first: string; last: string }>(
      await db.query(`SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers, round(sum(amount) * 100) AS cents,
        strftime(min(order_date), '%Y-%m-%d') AS first, strftime(max(order_date), '%Y-%m-%d') AS last FROM orders`)
    );
    expect(loaded).toEqual({
      rows: rows.length, customers: new Set(rows.map((r) => r[0])).size, cents,
      first: '1997-01-01', last: '1998-06-30'
    });
    expect(rows.length).toBe(69_659);
    expect(loaded.customers).toBe(23_570);
  });

  it('reports a line that lost a column with its own line number', async () => {
    const text = [
      ' customer_id  date number_of_cds  dollar_value',
      ' 00001 19970101 1 11.77', ' 00002 19970112 1', '', ' 00003 19970102 2 20.76', ' 00004 19970101 2 29.33',
      ' 00004 19970118 2 29.73', ' 00005 19970101 2 29.33', ' 00006 19970101 1 15.36', ''
    ].join('\r\n');
    const ins = await inspectFile(db, textFile('short.txt', text), 1);
    expect(ins.plan?.format).toBe('aligned');
    const report = await loadDataset(db, [ins.plan!], { today: '2026-11-24' });
    expect(report.files[0]).toMatchObject({ dataRows: 7, loaded: 6, rejected: 1 });
    expect(toRows(await db.query('SELECT line, value FROM load_issues'))).toEqual([{ line: 3, value: '00002,19970112,1' }]);
  });
});
