/**
 * The matched difference in differences against the truth the demo generator knows: the same
 * seed with the programme's effect switched off gives the same customers, the same history up
 * to joining and the same join dates, so the members' true effect is their behaviour after
 * joining minus the same members' behaviour in the world without the effect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { runProgramme } from '../../src/lib/analyses/programme/run';
import { POST, customerMonthsSql, unitsSql } from '../../src/lib/analyses/programme/sql';
import type { ProgrammeResult } from '../../src/lib/analyses/programme/types';
import { toRows } from '../../src/lib/engine/types';

/** Mean monthly purchases and spend of `members` (id, event month) in the POST months after their event month. */
async function after(db: NodeDatabase, members: { customer_id: string; j: number }[]) {
  const values = members.map((m) => `('${m.customer_id}', ${m.j})`).join(', ');
  const [r] = toRows<{ buys: number; spend: number }>(await db.query(`
    WITH cm AS (${customerMonthsSql(NO_FILTERS)}), m(customer_id, j) AS (VALUES ${values})
    SELECT sum(cm.buys) / (count(DISTINCT m.customer_id) * ${POST}) AS buys, sum(cm.spend) / (count(DISTINCT m.customer_id) * ${POST}) AS spend
    FROM m LEFT JOIN cm ON cm.customer_id = m.customer_id AND cm.mi BETWEEN m.j + 1 AND m.j + ${POST}`));
  return r;
}

describe('programme effect against the generator’s truth', () => {
  const [on, off] = [{} as { db: NodeDatabase; r: ProgrammeResult }, {} as { db: NodeDatabase; r: ProgrammeResult }];
  let truth: { buys: number; spend: number; ratio: number };
  beforeAll(async () => {
    for (const [w, memberEffect] of [[on, true], [off, false]] as const) {
      w.db = await NodeDatabase.open();
      await loadFiles(w.db, generateDemo(DEMO_SEED, 1, { memberEffect }));
      w.r = (await runProgramme(w.db, NO_FILTERS))!;
    }
    await on.db.query(`CREATE TEMP TABLE t_cm AS ${customerMonthsSql(NO_FILTERS)}`);
    const matched = toRows<{ customer_id: string; j: number }>(
      await on.db.query(`SELECT customer_id, j FROM (${unitsSql('t_cm', { shift: 0, channels: true })}) WHERE treated AND w IS NOT NULL`)
    );
    const [a, b] = [await after(on.db, matched), await after(off.db, matched)];
    truth = { buys: a.buys - b.buys, spend: a.spend - b.spend, ratio: a.buys / b.buys };
  }, 300_000);
  afterAll(() => {
    on.db?.close();
    off.db?.close();
  });

  it('covers the true effect on purchases and spend per month with its 95 % interval', () => {
    expect(truth.buys).toBeGreaterThan(0);
    for (const x of ['buys', 'spend'] as const) {
      expect(on.r.did![x].lo!, x).toBeLessThanOrEqual(truth[x]);
      expect(on.r.did![x].hi!, x).toBeGreaterThanOrEqual(truth[x]);
    }
  });

  it('finds no effect where there is none', () => {
    for (const x of ['buys', 'spend'] as const) {
      expect(off.r.did![x].lo!, x).toBeLessThanOrEqual(0);
      expect(off.r.did![x].hi!, x).toBeGreaterThanOrEqual(0);
    }
  });

  it('shows the naive member / non-member gap as far larger than the effect', () => {
    // Members buy several times as often as non-members; the programme made them buy about a fifth more.
    const g = on.r.gap!;
    expect(truth.ratio).toBeGreaterThan(1);
    expect(g.members.orders / g.others.orders).toBeGreaterThan(2 * truth.ratio);
  });
});
