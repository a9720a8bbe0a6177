import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlocking } from '../helpers/duckdb';
import { arrowToColumns } from '../../src/lib/engine/arrow';

describe('Arrow results as plain columns', () => {
  let conn: Awaited<ReturnType<typeof openBlocking>>['conn'];
  beforeAll(async () => {
    ({ conn } = await openBlocking());
  });
  afterAll(() => conn.close());

  it('reads numeric columns in one copy with the same values and NULLs as cell by cell, across record batches', () => {
    // 10,000 rows: several of DuckDB's 2,048-row vectors, so several Arrow pieces with offsets.
    const table = conn.query(`SELECT i::INTEGER AS int32, i::SMALLINT AS int16, (i % 60000)::USMALLINT AS u16, i::UINTEGER AS u32, (i % 100)::TINYINT AS int8, (i % 200)::UTINYINT AS u8,
        i * 1.5 AS dbl, (i / 3)::FLOAT AS flt, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.25 END AS with_nulls,
        CASE WHEN i > 5000 THEN NULL ELSE i END::BIGINT AS big, i::HUGEINT AS huge, 12.34::DECIMAL(10, 2) AS dec,
        DATE '2024-01-01' + (i % 30)::INTEGER AS d, 'x' || i AS txt
      FROM range(1, 10001) t(i)`);
    const cols = arrowToColumns(table);
    expect(cols.rowCount).toBe(10_000);
    table.schema.fields.forEach((f, idx) => {
      const vec = table.getChildAt(idx)!;
      const slow = Array.from({ length: table.numRows }, (_, i) => {
        const v = vec.get(i);
        return v === null ? null : typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : v;
      });
      expect(cols.columns[f.name], f.name).toEqual(slow);
    });
    expect(cols.columns.with_nulls.filter((v) => v === null)).toHaveLength(Math.floor(10_000 / 7));
    expect(cols.columns.with_nulls[6]).toBeNull();
    expect(cols.columns.with_nulls[7]).toBe(2);
    expect(cols.columns.dbl[9999]).toBe(15_000);
    expect(typeof cols.columns.d[0]).toBe('number');
  });
});
