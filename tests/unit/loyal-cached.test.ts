import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { sharedFile } from '../helpers/files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { toRows } from '../../src/lib/engine/types';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { DEFAULT_LOYAL, type LoyalDefinition } from '../../src/lib/analyses/loyal/definition';
import { runLoyal } from '../../src/lib/analyses/loyal/run';
import { loyalGroupsSql, rankedSummarySql, topPercentCutoffSql } from '../../src/lib/analyses/loyal/sql';
import { materialize } from '../../src/lib/analyses/cache';
import { loyalListBase } from '../../src/lib/analyses/lists/bases';
import { fetchListForExport } from '../../src/lib/analyses/lists/run';

/**
 * The Loyal page summarises and ranks the customers once per (filters, date) into a cached
 * table, and every change of definition reads that: here each definition is computed again
 * directly from all orders and must give the same figures and the same list.
 */
describe('loyal customers from the cached ranked summary, on UCI Online Retail I', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const ins = await inspectFile(db, sharedFile('online-retail/online_retail_I_2010-2011.csv.gz'), 0);
    await loadDataset(db, [ins.plan!], { today: '2026-11-23' });
  });
  afterAll(() => db.close());

  const defs: LoyalDefinition[] = [
    DEFAULT_LOYAL,
    { ...DEFAULT_LOYAL, minPurchases: 5, topPercent: null },
    { ...DEFAULT_LOYAL, minPurchases: null, minSpend: 2000, minTenureDays: 180, topPercent: 7 }
  ];

  it('gives the figures and the list of the direct computation for every definition', async () => {
    for (const def of defs) {
      const r = (await runLoyal(db, NO_FILTERS, def))!;
      const groups = toRows<{ loyal: boolean; customers: number; revenue: number; purchases: number }>(
        await db.query(loyalGroupsSql(NO_FILTERS, r.definition, r.asOf))
      );
      const loyal = groups.find((g) => g.loyal)!;
      expect(r.loyal.customers).toBe(loyal.customers);
      expect(r.loyal.purchases).toBe(loyal.purchases);
      expect(r.loyal.revenue).toBeCloseTo(loyal.revenue, 6);
      expect(r.total.customers).toBeGreaterThan(4_300);
      expect(loyal.customers).toBeGreaterThan(0);
      if (r.definition.topPercent !== null) {
        const cutoff = toRows<{ cutoff: number }>(await db.query(topPercentCutoffSql(NO_FILTERS, r.definition.topPercent, r.asOf)))[0].cutoff;
        expect(r.topPercentCutoff).toBe(cutoff);
      }
      const ranked = await materialize(db, rankedSummarySql(NO_FILTERS, r.asOf));
      const sort = { column: 'revenue' as const, dir: 'desc' as const };
      const cached = await fetchListForExport(db, loyalListBase(NO_FILTERS, r.definition, r.asOf, ranked), '', sort);
      expect(cached.rowCount).toBe(loyal.customers);
      expect(cached).toEqual(await fetchListForExport(db, loyalListBase(NO_FILTERS, r.definition, r.asOf), '', sort));
    }
  });
});
