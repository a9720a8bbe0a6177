import { it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { runProgramme } from '../../src/lib/analyses/programme/run';

it('profiles', async () => {
  const db = await NodeDatabase.open();
  await loadFiles(db, generateDemo(DEMO_SEED, Number(process.env.SCALE ?? 5)));
  const q = db.query.bind(db);
  const times: [number, string][] = [];
  (db as unknown as { query: typeof q }).query = async (sql: string) => {
    const t = performance.now();
    const r = await q(sql);
    times.push([performance.now() - t, sql.replace(/\s+/g, ' ').slice(0, 90)]);
    return r;
  };
  console.log((await q('SELECT count(*) AS n FROM order_facts')).columns.n[0]);
  for (let i = 0; i < 2; i++) {
    times.length = 0;
    const t = performance.now();
    await runProgramme(db as never, NO_FILTERS);
    console.log('total', Math.round(performance.now() - t));
    for (const [ms, s] of times) console.log(Math.round(ms), s);
  }
}, 600_000);
