import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS, nextFilters } from '../../src/lib/analyses/filters';
import { isCached } from '../../src/lib/analyses/cache';
import { runRfmBase } from '../../src/lib/analyses/rfm/run';
import { runMovement } from '../../src/lib/analyses/movement/run';
import { movementDates } from '../../src/lib/analyses/segments-view';
import { computeAhead } from '../../src/lib/pages/ahead';
import { movementOf, prepareRfmView, rfmBaseOf } from '../../src/lib/pages/segments-data';
import { toRows, type QueryRunner } from '../../src/lib/engine/types';

/**
 * The segments page computes the filters one change away in the background, on a connection of
 * its own; the page then reads those results. They must be what the page would have computed.
 */
describe('segments page: work ahead of time on the demo shop', () => {
  let db: NodeDatabase;
  let background: QueryRunner;
  const view = { asOf: null, moveFrom: null, moveTo: null };
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, generateDemo(DEMO_SEED, 0.1));
    background = { ...db.otherConnection(), ahead: true };
  });
  afterAll(() => db.close());

  it('sees the loaded data from another connection', async () => {
    const count = async (r: QueryRunner) => toRows<{ n: number }>(await r.query('SELECT count(*) AS n FROM order_facts'))[0].n;
    expect(await count(background)).toBeGreaterThan(1000);
    expect(await count(background)).toBe(await count(db));
  });

  it('gives the page, for every next filter, what it would have computed itself', async () => {
    const meta = toRows<{ last: string }>(await db.query("SELECT strftime(last, '%Y-%m-%d') AS last FROM order_span"))[0];
    const channels = toRows<{ c: string }>(await db.query('SELECT DISTINCT channel AS c FROM order_facts WHERE channel IS NOT NULL ORDER BY 1')).map((r) => r.c);
    const next = nextFilters(NO_FILTERS, { lastDate: meta.last, channels, hasMembers: true });
    expect(next.length).toBeGreaterThanOrEqual(4);
    await computeAhead(background, next, (r, f) => prepareRfmView(r, 1, f, view)).done;
    for (const f of next) {
      let asked = 0;
      const counting: QueryRunner = { query: (sql) => (asked++, db.query(sql)) };
      const base = (await rfmBaseOf(counting, 1, f, null))!;
      const dates = movementDates(view, base.asOf)!;
      const movement = await movementOf(counting, 1, f, { scheme: 'rfm', ...dates });
      // Ready: not one query for the page.
      expect(asked).toBe(0);
      expect(isCached(base.scored)).toBe(true);
      const direct = (await runRfmBase(db, f, {}))!;
      expect(base.segments).toEqual(direct.segments);
      expect(base.cells).toEqual(expect.arrayContaining(direct.cells));
      expect(movement.matrix).toEqual((await runMovement(db, f, { scheme: 'rfm', ...dates })).matrix);
    }
  });

  it('stops when told to', async () => {
    let ran = 0;
    const ahead = computeAhead(background, [NO_FILTERS, NO_FILTERS, NO_FILTERS], async () => {
      await Promise.resolve();
      ran++;
      ahead.stop();
    });
    await ahead.done;
    expect(ran).toBe(1);
  });
});
