/**
 * Predicted CLV at the size the page promises (100,000 customers, ~0.7M orders): everything
 * works, and how long it takes is LOGGED, not asserted (timings belong to the benchmark; this
 * machine's load would make an assertion flaky).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { gammaSampler, mulberry32 } from '../helpers/random';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { clvDaysSql, clvSummarySql, PERIOD_COLUMNS } from '../../src/lib/analyses/clv/summary';
import { fitClvModels, type SummaryColumns } from '../../src/lib/analyses/clv/model';
import { runClv } from '../../src/lib/analyses/clv/run';
import { CLV_DEFAULTS } from '../../src/lib/analyses/clv/types';
import { firstRow } from '../../src/lib/engine/types';
import { ORDER_SPAN_SQL } from '../../src/lib/ingest/load';

const CUSTOMERS = 100_000;
const DAYS = 3 * 365;
const DAY0 = Date.UTC(2023, 3, 1);
const iso = (day: number) => new Date(DAY0 + day * 86_400_000).toISOString().slice(0, 10);

/**
 * Orders of customers acquired over three years who buy at gamma-distributed daily rates and
 * drop out after a purchase with a beta-distributed probability (the BG/NBD story), spending
 * gamma-distributed amounts around their own mean; 3 % of orders come back five days later.
 */
function simulateOrders(): string {
  const u = mulberry32(20260331);
  const gamma = gammaSampler(u);
  const lines = ['customer_id,order_id,d,amount,is_return'];
  let order = 0;
  for (let c = 0; c < CUSTOMERS; c++) {
    const rate = (gamma(0.8) * 0.025) / 0.8;
    const pa = gamma(0.6);
    const dropout = pa / (pa + gamma(3));
    const mean = 4000 * Math.exp(0.4 * (u() + u() + u() - 1.5));
    let t = Math.floor(u() * DAYS);
    for (;;) {
      const amount = Math.round((mean * gamma(4)) / 4);
      const day = Math.floor(t);
      lines.push(`c${c},o${++order},${iso(day)},${amount},false`);
      if (u() < 0.03 && day + 5 < DAYS) lines.push(`c${c},o${++order},${iso(day + 5)},${-amount},true`);
      if (u() < dropout) break;
      t += -Math.log(u()) / rate;
      if (t >= DAYS) break;
    }
  }
  return lines.join('\n') + '\n';
}

describe(`predicted CLV on ${CUSTOMERS.toLocaleString('en')} customers`, () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await db.registerBuffer('sim.csv', new TextEncoder().encode(simulateOrders()));
    await db.exec(`CREATE TABLE order_facts AS SELECT customer_id, order_id, d, amount, is_return, NULL::VARCHAR AS channel, NULL::BOOLEAN AS is_member
      FROM read_csv('sim.csv', header = true, columns = {'customer_id': 'VARCHAR', 'order_id': 'VARCHAR', 'd': 'DATE', 'amount': 'DOUBLE', 'is_return': 'BOOLEAN'})`);
    await db.exec(ORDER_SPAN_SQL);
  });
  afterAll(() => db.close());

  it('fits, checks and predicts; the time is logged', async () => {
    const size = firstRow<{ orders: number; customers: number }>(
      await db.query('SELECT count(*) AS orders, count(DISTINCT customer_id) AS customers FROM order_facts')
    );
    const t0 = performance.now();
    const r = (await runClv(db, { filters: NO_FILTERS, split: null, ...CLV_DEFAULTS }))!;
    const total = performance.now() - t0;

    // The fits alone (both models, on the whole history and on the calibration period).
    const w = { from: r.from, asOf: r.asOf, split: r.holdout.split };
    await db.exec(`CREATE TEMP TABLE t_days AS ${clvDaysSql(NO_FILTERS, w)}`);
    const cols = await db.query(`SELECT * FROM (${clvSummarySql('t_days', w)}) ORDER BY rn`);
    const columns = (prefix: string) => {
      const rows = [...cols.columns.cal_x.keys()].filter((i) => prefix === '' || cols.columns.cal_x[i] !== null);
      return Object.fromEntries(PERIOD_COLUMNS.map((k) => [k, rows.map((i) => cols.columns[prefix + k][i] as number)])) as unknown as SummaryColumns;
    };
    const [full, cal] = [columns(''), columns('cal_')];
    const t1 = performance.now();
    const fits = [fitClvModels(full, 'weeks'), fitClvModels(cal, 'weeks')];
    const fitMs = performance.now() - t1;

    console.info(
      `CLV at scale: ${size.customers} customers, ${size.orders} orders: whole request (SQL summary, 2 × BG/NBD + Gamma-Gamma, ` +
        `predictions, holdout check, predictions table) ${total.toFixed(0)} ms; the four fits alone ${fitMs.toFixed(0)} ms`,
      r.fit.bgnbd!.params, r.fit.gammaGamma!.params,
      `holdout error: purchases ${(100 * r.holdout.purchaseError!).toFixed(1)} %, revenue ${(100 * r.holdout.revenueError!).toFixed(1)} %`
    );
    expect(size.customers).toBe(CUSTOMERS);
    expect(r.fit.customers).toBe(CUSTOMERS);
    for (const f of [r.fit, r.holdout.fit!, ...fits.map((m) => m.fit)]) {
      expect(f.bgnbd!.converged).toBe(true);
      expect(f.gammaGamma!.converged).toBe(true);
    }
    expect(r.fit.netValueFactor!).toBeLessThan(1);
    // Simulated from the model, so the holdout check should be close.
    expect(Math.abs(r.holdout.purchaseError!)).toBeLessThan(0.1);
    expect(firstRow<{ n: number }>(await db.query(`SELECT count(*) AS n FROM ${r.table} WHERE clv >= 0`)).n).toBe(CUSTOMERS);
  });
});
