import { readFileSync } from 'node:fs';
import path from 'node:path';
import { arrowToColumns } from '../src/lib/engine/arrow';
import { openBlocking } from '../tests/helpers/duckdb';
import { inspectFile } from '../src/lib/ingest/prepare';
import { loadDataset } from '../src/lib/ingest/load';
import { overviewSql } from '../src/lib/analyses/overview/sql';
import { FILTERS } from './queries';
import { resolvePeriod } from '../src/lib/analyses/period';

export async function run(file: string, sqls: Record<string, string>) {
  const { db, conn } = await openBlocking();
  const database = {
    async query(sql: string) { return arrowToColumns(conn.query(sql)); },
    async exec(sql: string) { if (sql.includes('TEMP TABLE _typed')) (globalThis as any).TYPED = sql; const t = performance.now(); conn.query(sql); if (process.env.SHOW) console.log('EXEC', (performance.now() - t).toFixed(0), sql.slice(0, +process.env.SHOW)); },
    async registerBuffer(name: string, bytes: Uint8Array) { db.registerFileBuffer(name, bytes); },
    async dropFile(name: string) { db.dropFile(name); }
  };
  if (process.env.WARMFILE) {
    const t = performance.now();
    const wb = new File([readFileSync(process.env.WARMFILE)], 'warm.csv', { type: 'text/csv' });
    const wi = await inspectFile(database as any, wb, 0);
    await loadDataset(database as any, [wi.plan!], { today: '2026-11-23' });
    conn.query(overviewSql(FILTERS as any, resolvePeriod(null, null, '2023-04-01', '2026-03-31') as any));
    db.dropFile('file0.csv');
    console.log('warm-up ms', (performance.now() - t).toFixed(0));
  }
  const blob = new File([readFileSync(file)], path.basename(file), { type: 'text/csv' });
  const inspection = await inspectFile(database as any, blob, 0);
  console.log('rss before load', Math.round(process.memoryUsage().rss / 1e6));
  const tl = performance.now();
  await loadDataset(database as any, [inspection.plan!], { today: '2026-11-23' });
  console.log('load ms', (performance.now() - tl).toFixed(0));
  console.log('rss after load', Math.round(process.memoryUsage().rss / 1e6));
  const b = conn.query(`SELECT strftime(min(d), '%Y-%m-%d') AS first, strftime(max(d), '%Y-%m-%d') AS last FROM order_facts`).toArray()[0].toJSON() as any;
  const period = resolvePeriod(null, null, b.first, b.last);
  const all: Record<string,string> = process.env.WARMFIRST ? { ...(sqls as any), current: overviewSql(FILTERS as any, period as any) } : { current: overviewSql(FILTERS as any, period as any), ...(typeof sqls === 'function' ? (sqls as any)((globalThis as any).TYPED) : sqls) };
  for (const [name, sql] of Object.entries(all)) {
    for (let rep = 0; rep < 2; rep++) {
      const t = performance.now();
      const r = conn.query(sql.replaceAll('$CURRENT', all.current).replaceAll('$TYPED', (globalThis as any).TYPED));
      console.log(name.padEnd(20), (performance.now() - t).toFixed(0).padStart(6), 'ms rows', r.numRows, 'rss', Math.round(process.memoryUsage().rss / 1e6));
      if (name === 'mem' || name === 'settings') console.log(JSON.stringify(r.toArray().map((x: any) => x.toJSON()), (k, v) => typeof v === 'bigint' ? Number(v) : v));
      if (name === 'analyze' && rep === 1) console.log(String(r.toArray()[0].toJSON().explain_value));
    }
  }
  return period;
}
