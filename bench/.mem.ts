import { openBlocking } from '../tests/helpers/duckdb';
export async function run() {
  const { conn } = await openBlocking();
  const rss = () => Math.round(process.memoryUsage().rss / 1e6);
  console.log('start', rss());
  for (const n of [250000, 500000, 1000000, 2000000]) {
    const t = performance.now();
    conn.query(`SELECT count(*) FROM (SELECT range AS g, sum(range) AS s, count(*) AS c FROM range(${n}) GROUP BY g)`);
    console.log(n, 'rss', rss(), 'ms', (performance.now() - t).toFixed(0));
  }
}
