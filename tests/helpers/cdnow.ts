/**
 * The raw CDNOW transactions (Fader & Hardie's 1997-Q1 cohort, via lifetimes) as an
 * `order_facts`-shaped table, read with DuckDB SQL: the files are whitespace-aligned text
 * (runs of spaces, CRLF), which the importer's CSV sniffing is not meant for.
 *
 * `CDNOW_master.txt`: customer id, YYYYMMDD date, number of CDs, dollar value (one header line).
 * `CDNOW_sample.txt`: the standard 1/10 sample, no header: original id, sample id, date, CDs, value.
 * Every row is a purchase (no returns; 80 rows of $0.00 in master). Each row becomes one order;
 * `customers` gets every customer without attributes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodeDatabase } from './duckdb';
import { SHARED_DATA } from './files';
import { ORDER_SPAN_SQL } from '../../src/lib/ingest/load';

const DIR = path.join(SHARED_DATA, 'cdnow-lifetimes');

/** Whitespace-separated fields of each line of a registered text file. */
function fieldsSql(file: string, header: boolean): string {
  return `SELECT string_split_regex(trim(line), '\\s+') AS f
    FROM read_csv('${file}', columns = {'line': 'VARCHAR'}, header = ${header}, delim = '\\x01', quote = '', escape = '')
    WHERE trim(line) <> ''`;
}

/**
 * Create `order_facts` from CDNOW_master.txt; with `sampleOnly`, only the 2,357 customers of the
 * 1/10 sample (selected by their original ids in CDNOW_sample.txt), whose calibration summary
 * is lifetimes' `cdnow_customers_summary.csv`.
 */
export async function loadCdnow(db: NodeDatabase, { sampleOnly }: { sampleOnly: boolean }): Promise<void> {
  await db.registerBuffer('cdnow_master.txt', readFileSync(path.join(DIR, 'CDNOW_master.txt')));
  await db.registerBuffer('cdnow_sample.txt', readFileSync(path.join(DIR, 'CDNOW_sample.txt')));
  const sample = sampleOnly ? `WHERE f[1] IN (SELECT f[1] FROM (${fieldsSql('cdnow_sample.txt', false)}))` : '';
  await db.exec(`CREATE OR REPLACE TABLE order_facts AS
    SELECT f[1] AS customer_id, CAST(row_number() OVER () AS VARCHAR) AS order_id, CAST(strptime(f[2], '%Y%m%d') AS DATE) AS d,
      CAST(f[4] AS DOUBLE) AS amount, false AS is_return, NULL::VARCHAR AS channel, NULL::BOOLEAN AS is_member
    FROM (${fieldsSql('cdnow_master.txt', true)}) ${sample}`);
  await db.exec(ORDER_SPAN_SQL);
  // The customer attributes lists join (CDNOW has none).
  await db.exec(`CREATE OR REPLACE TABLE customers AS SELECT DISTINCT customer_id, NULL::VARCHAR AS tier, NULL::VARCHAR AS region,
    NULL::DATE AS member_since, NULL::DATE AS birthday FROM order_facts`);
}

/** lifetimes' `cdnow_customers_summary_with_transactions.csv`: ID, x, t_x, T, zbar (weeks; CRLF). */
export function readCdnowSummary(): { x: number; tx: number; T: number; zbar: number }[] {
  return readFileSync(path.join(DIR, 'cdnow_customers_summary_with_transactions.csv'), 'utf8')
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',').map(Number))
    .map(([, x, tx, T, zbar]) => ({ x, tx, T, zbar }));
}

/** Sample id (1…2,357, the row of the published summaries) of each original customer id in CDNOW_sample.txt. */
export function cdnowSampleIds(): Map<string, number> {
  const ids = new Map<string, number>();
  for (const line of readFileSync(path.join(DIR, 'CDNOW_sample.txt'), 'utf8').split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length === 5) ids.set(f[0], Number(f[1]));
  }
  return ids;
}
