import { arrowToColumns } from '../src/lib/engine/arrow';
import { openBlocking } from '../tests/helpers/duckdb';
import { inspectFile } from '../src/lib/ingest/prepare';
import { loadDataset } from '../src/lib/ingest/load';
import { runOverview } from '../src/lib/analyses/overview/run';
import { generateDemo } from '../src/lib/demo/generate';
import { FILTERS } from './queries';
export async function run() {
  const { db, conn } = await openBlocking();
  const times: Record<string, number> = {};
  const timed = (sql: string, f: () => any) => { const t = performance.now(); const r = f(); const k = sql.replace(/\s+/g, ' ').slice(0, 60); times[k] = (times[k] ?? 0) + performance.now() - t; return r; };
  const database = {
    async query(sql: string) { return timed(sql, () => arrowToColumns(conn.query(sql))); },
    async exec(sql: string) { timed(sql, () => conn.query(sql)); },
    async registerBuffer(name: string, bytes: Uint8Array) { db.registerFileBuffer(name, bytes); },
    async dropFile(name: string) { db.dropFile(name); }
  };
  let t = performance.now();
  const files = generateDemo().map((f) => new File([f.text], f.name, { type: 'text/csv' }));
  console.log('generate', (performance.now() - t).toFixed(0));
  t = performance.now();
  const plans = [];
  for (const [i, f] of files.entries()) plans.push((await inspectFile(database as any, f, i)).plan!);
  console.log('inspect', (performance.now() - t).toFixed(0));
  for (const k of Object.keys(times)) delete times[k];
  t = performance.now();
  await loadDataset(database as any, plans, { today: '2026-11-23' });
  console.log('load', (performance.now() - t).toFixed(0));
  t = performance.now();
  await runOverview(database as any, FILTERS);
  console.log('overview', (performance.now() - t).toFixed(0));
  for (const [k, v] of Object.entries(times).sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log('   ', v.toFixed(0).padStart(5), k);
}
