import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { sharedFile } from '../helpers/files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { runCohorts, runSecondPurchase } from '../../src/lib/analyses/cohorts/run';
import { F2_HORIZONS, type CohortGrain, type CohortResult, type SecondPurchaseResult } from '../../src/lib/analyses/cohorts/types';
import { toRows } from '../../src/lib/engine/types';

/**
 * The same file read by DuckDB's own CSV detection, none of the app's parsing or SQL. A purchase
 * is an invoice with a line of Quantity × UnitPrice ≥ 0 (cancellations have negative quantities);
 * revenue is net. Invoices are per customer; an invoice's day is its earliest line's.
 */
const INVOICES = `WITH l AS (SELECT InvoiceNo, CAST(CustomerID AS VARCHAR) AS c, CAST(InvoiceDate AS DATE) AS d, Quantity * UnitPrice AS v
    FROM read_csv('file0.csv') WHERE CustomerID IS NOT NULL),
  inv AS (SELECT c, InvoiceNo, min(d) AS d, sum(v) AS v, bool_or(v >= 0) AS purchase FROM l GROUP BY c, InvoiceNo),
  firsts AS (SELECT c, min(d) AS first FROM inv WHERE purchase GROUP BY c)`;

/** Period k of an invoice, by DuckDB's calendar functions (the app counts periods its own way). */
const K: Record<CohortGrain, string> = {
  month: `datediff('month', date_trunc('month', first), date_trunc('month', d))`,
  quarter: `datediff('quarter', date_trunc('quarter', first), date_trunc('quarter', d))`,
  week: `datediff('day', date_trunc('week', first), date_trunc('week', d)) / 7`
};

interface TruthCell { start: string; k: number; active: number; revenue: number }

describe('cohorts on UCI Online Retail I', () => {
  let db: NodeDatabase;
  const results = {} as Record<CohortGrain, CohortResult>;
  let second: SecondPurchaseResult;
  const ms: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await f();
    ms[name] = Math.round(performance.now() - t);
    return out;
  };

  beforeAll(async () => {
    db = await NodeDatabase.open();
    const ins = await inspectFile(db, sharedFile('online-retail/online_retail_I_2010-2011.csv.gz'), 0);
    await loadDataset(db, [ins.plan!], { today: '2026-11-23' });
    for (const grain of ['month', 'week', 'quarter'] as const) results[grain] = (await timed(`cohorts ${grain}`, () => runCohorts(db, NO_FILTERS, { grain })))!;
    second = (await timed('second purchase', () => runSecondPurchase(db, NO_FILTERS)))!;
  });
  afterAll(() => {
    console.log('UCI Online Retail I timings (ms):', JSON.stringify(ms));
    db.close();
  });

  describe.each<CohortGrain>(['month', 'week', 'quarter'])('%s cohorts', (grain) => {
    it('match an independent computation: sizes, active customers and net revenue per period', async () => {
      const sizes = new Map(
        toRows<{ start: string; n: number }>(await db.query(`${INVOICES}
          SELECT strftime(date_trunc('${grain}', first), '%Y-%m-%d') AS start, count(*) AS n FROM firsts GROUP BY 1`)).map((r) => [r.start, r.n])
      );
      const truth = toRows<TruthCell>(await db.query(`${INVOICES},
          per AS (SELECT c, strftime(date_trunc('${grain}', first), '%Y-%m-%d') AS start, ${K[grain]} AS k, bool_or(purchase) AS active, sum(v) AS v
            FROM inv JOIN firsts USING (c) GROUP BY ALL)
        SELECT start, k, count(*) FILTER (WHERE active) AS active, sum(v) AS revenue FROM per WHERE k >= 0 GROUP BY ALL`));
      const r = results[grain];
      expect(r.asOf).toBe('2011-12-09');
      expect(r.cohorts.map((c) => [c.start, c.customers])).toEqual([...sizes].sort(([a], [b]) => a.localeCompare(b)));
      expect(r.customers).toBeGreaterThan(4_300);

      const byCell = new Map(truth.map((t) => [`${t.start}:${t.k}`, t]));
      let compared = 0;
      for (const c of r.cohorts)
        for (const x of c.cells) {
          const t = byCell.get(`${c.start}:${x.k}`);
          expect(x.active, `${c.label} k=${x.k}`).toBe(t?.active ?? 0);
          expect(x.revenue, `${c.label} k=${x.k}`).toBeCloseTo(t?.revenue ?? 0, 4);
          if (t) compared++;
        }
      // Every period with orders is in the matrix (none dropped, none out of range).
      expect(compared).toBe(truth.length);
      // One incomplete period per cohort: the one containing 2011-12-09.
      for (const c of r.cohorts) expect(c.cells.filter((x) => !x.complete).map((x) => x.k)).toEqual([c.cells.length - 1]);
    });
  });

  it('agrees across grains on customers', () => {
    // Revenue totals differ by grain on purpose: a return dated before the cohort period is left
    // out, and a return earlier in the first purchase's month can be in an earlier week.
    expect(results.week.customers).toBe(results.month.customers);
    expect(results.quarter.customers).toBe(results.month.customers);
    // The first monthly cohort (December 2010) keeps about a third of its customers a month later.
    const dec = results.month.cohorts[0];
    expect(dec.label).toBe('2010-12');
    expect(dec.cells[1].retention).toBeGreaterThan(0.3);
    expect(dec.cells[1].retention).toBeLessThan(0.45);
  });

  it('matches an independent F2 computation (second distinct purchase day)', async () => {
    const truth = toRows<{ month: string; n: number } & Record<string, number>>(await db.query(`${INVOICES},
        days AS (SELECT DISTINCT c, d FROM inv WHERE purchase),
        nth AS (SELECT c, d, row_number() OVER (PARTITION BY c ORDER BY d) AS i FROM days),
        pairs AS (SELECT a.c, a.d AS first, b.d AS second FROM nth a LEFT JOIN nth b ON a.c = b.c AND b.i = 2 WHERE a.i = 1)
      SELECT strftime(first, '%Y-%m') AS month, count(*) AS n, count(second) AS repeaters,
        ${F2_HORIZONS.map((h) => `count(*) FILTER (WHERE datediff('day', first, second) <= ${h}) AS w${h}`).join(', ')}
      FROM pairs GROUP BY 1 ORDER BY 1`));
    expect(second.months.map((m) => [m.month, m.customers])).toEqual(truth.map((t) => [t.month, t.n]));
    let observed = 0;
    for (const [i, m] of second.months.entries())
      for (const p of m.points) {
        // Observed when the month's last day + N days is on or before 2011-12-09.
        const monthEnd = new Date(Date.UTC(Number(m.month.slice(0, 4)), Number(m.month.slice(5, 7)), 0));
        const seen = monthEnd.getTime() + p.days * 86_400_000 <= Date.UTC(2011, 11, 9);
        expect(p.converted, `${m.month} ${p.days}`).toBe(seen ? truth[i][`w${p.days}`] : null);
        if (seen) observed++;
      }
    // December 2010 is observed up to 330 days (31 Dec + 360 days is after 2011-12-09), January to
    // 300, …, October 2011 for 30 days, November and December not at all: 11 + 10 + … + 1.
    expect(observed).toBe(66);
    const repeaters = truth.reduce((s, t) => s + t.repeaters, 0);
    expect(second.withSecond).toBe(repeaters);
    expect(second.overall).toMatchObject({ customers: second.customers, repeaters });
    expect(second.gaps.reduce((s, g) => s + g.customers!, 0)).toBe(repeaters);
  });
});
