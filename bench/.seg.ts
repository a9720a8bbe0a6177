import { readFileSync } from 'node:fs';
import { customerSummarySql } from '../src/lib/analyses/customers/summary';
import path from 'node:path';
import { arrowToColumns } from '../src/lib/engine/arrow';
import { openBlocking } from '../tests/helpers/duckdb';
import { inspectFile } from '../src/lib/ingest/prepare';
import { loadDataset } from '../src/lib/ingest/load';
import { runRfm, rfmCustomersSql } from '../src/lib/analyses/rfm/run';
import { rfmScoredSql } from '../src/lib/analyses/rfm/sql';
import { runMovement } from '../src/lib/analyses/movement/run';
import { runCohorts, runSecondPurchase } from '../src/lib/analyses/cohorts/run';
import { materialize } from '../src/lib/analyses/cache';
import { segmentListBase } from '../src/lib/analyses/lists/bases';
import { materializeList, countList, fetchListPage } from '../src/lib/analyses/lists/run';
import { addDays } from '../src/lib/analyses/period';
import { FILTERS } from './queries';

export async function run(file: string) {
  const { db, conn } = await openBlocking();
  const times: Record<string, number> = {};
  const database = {
    async query(sql: string) { const t = performance.now(); const r = arrowToColumns(conn.query(sql)); const k = sql.replace(/\s+/g, ' ').slice(0, 70) + ' ' + sql.replace(/\s+/g, ' ').slice(-60); times[k] = (times[k] ?? 0) + performance.now() - t; return r; },
    async exec(sql: string) { conn.query(sql); },
    async registerBuffer(name: string, bytes: Uint8Array) { db.registerFileBuffer(name, bytes); },
    async dropFile(name: string) { db.dropFile(name); }
  };
  const blob = new File([readFileSync(file)], path.basename(file), { type: 'text/csv' });
  const inspection = await inspectFile(database as any, blob, 0);
  await loadDataset(database as any, [inspection.plan!], { today: '2026-11-23' });
  const f = FILTERS;
  const step = async (name: string, work: () => Promise<unknown>) => {
    for (const k of Object.keys(times)) delete times[k];
    const t = performance.now(); await work(); console.log(name.padEnd(24), (performance.now() - t).toFixed(0), 'ms');
    for (const [k, v] of Object.entries(times).sort((a, b) => b[1] - a[1]).slice(0, 14)) if (v > 1) console.log('     ', v.toFixed(0).padStart(5), k);
  };

  for (let i = 0; i < 2; i++) {
    await step('summary only', () => database.query(`CREATE OR REPLACE TEMP TABLE t1 AS ${customerSummarySql(f, { asOf: '2026-03-31', gaps: false })}`));
    await step('scored', () => database.query(`CREATE OR REPLACE TEMP TABLE t2 AS ${rfmScoredSql(f, '2026-03-31')}`));
    const sc = rfmScoredSql(f, '2026-03-31');
    await step('scored no case', () => database.query(`CREATE OR REPLACE TEMP TABLE t3 AS ${sc.replace(/SELECT \*, CASE .* END AS segment FROM \(/s, 'SELECT * FROM (')}`));
    await step('scored no m', () => database.query(`CREATE OR REPLACE TEMP TABLE t3 AS ${sc.replace(/rank\(\) OVER \(ORDER BY round\(revenue, 6\)\)/, '1')}`));
    await step('scored no join', () => database.query(`CREATE OR REPLACE TEMP TABLE t3 AS ${sc.replace(/rr\.rnk/, '1').replace(/fr\.rnk/, '1').replace('JOIN rr ON rr.v = s.recency_days JOIN fr ON fr.v = s.purchases', '')}`));
  }
  let asOf = '';
  const page = async (segment: string | null) => {
    const r = await runRfm(database as any, f, { segment });
    asOf = r!.asOf;
    if (!segment) await runMovement(database as any, f, { scheme: 'rfm', from: addDays(asOf, -180), to: asOf });
    const scored = await materialize(database as any, rfmScoredSql(f, asOf));
    const b = await materializeList(database as any, segmentListBase('rfm', rfmCustomersSql(f, { asOf, segment: segment as never, scored })));
    await countList(database as any, b, null);
    await fetchListPage(database as any, b, { search: null, sort: b.defaultSort, offset: 0, limit: 60 });
  };
  await step('segments page', () => page(null));
  await step('click champions', () => page('champions'));
  await step('click at_risk', () => page('at_risk'));
  await step('cohorts', () => runCohorts(database as any, f, { grain: 'month', by: null, value: null }));
  await step('second purchase', () => runSecondPurchase(database as any, f, { by: null, value: null }));
}
