/**
 * The "all pages" report (state/snapshot/live.ts `allPages` → pages/compute.ts `collectPages`)
 * holds every analysis page of PAGE_IDS, goals included, in navigation order; the page on
 * screen as it is; and the goals page with the goals remembered on this device when the address
 * it is made from (another page's) has none, as the goals page takes them when it opens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { pageEngine } from '../helpers/pages';
import { collectPages } from '../../src/lib/pages/compute';
import { PAGE_IDS, type PageId } from '../../src/lib/pages/ids';
import { PAGE_SPECS, type LivePage } from '../../src/lib/pages/specs';
import { buildSnapshot } from '../../src/lib/state/snapshot/build';
import { rememberGoals, withRememberedGoals } from '../../src/lib/state/goals-memory';
import { GOALS_KEY, type Goal } from '../../src/lib/analyses/goals/view';
import { NO_FILTERS } from '../../src/lib/analyses/filters';

/** A Storage in memory (localStorage's interface), for the goals remembered on a device. */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v))
  };
}

/** A small shop: 60 customers over two years, members and not, tiers, referrals, survey answers. */
function shop(): { name: string; text: string }[] {
  const orders = ['order_id,customer_id,order_date,amount,channel,coupon'];
  const customers = ['customer_id,signup_date,member_since,tier,referred_by,region'];
  const answers = ['customer_id,response_date,score'];
  let n = 0;
  for (let c = 0; c < 60; c++) {
    const id = `C${String(c).padStart(3, '0')}`;
    const start = (c * 11) % 300;
    const count = 1 + (c % 6);
    for (let k = 0; k < count; k++) {
      const day = new Date(Date.UTC(2023, 0, 1 + start + k * 45 + (c % 7)));
      orders.push(`o${n++},${id},${day.toISOString().slice(0, 10)},${1000 + ((c * 37 + k * 101) % 9000)},${c % 2 ? 'EC' : '店舗'},${k === 1 && c % 3 === 0 ? 'SPRING' : ''}`);
    }
    const member = c % 3 !== 2 ? `2023-${String(1 + (c % 12)).padStart(2, '0')}-15` : '';
    customers.push(`${id},2023-01-01,${member},${['Gold', 'Silver', 'Bronze'][c % 3]},${c % 4 === 0 && c > 0 ? 'C000' : ''},${c % 2 ? '東京都' : '大阪府'}`);
    answers.push(`${id},2024-06-${String(1 + (c % 28)).padStart(2, '0')},${c % 11}`);
  }
  return [
    { name: 'orders.csv', text: orders.join('\n') },
    { name: 'customers.csv', text: customers.join('\n') },
    { name: 'nps.csv', text: answers.join('\n') }
  ];
}

const GOALS: Goal[] = [{ metric: 'repeat', target: 0.4, date: '2025-12-31' }];

describe('the "all pages" report', () => {
  let db: NodeDatabase;
  let pages: LivePage[];
  const seen: [PageId, number][] = [];
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, shop());
    pages = await collectPages(pageEngine(db), new URLSearchParams(), null, (id, done) => seen.push([id, done]));
  }, 240_000);
  afterAll(() => db.close());

  it('computes every page of PAGE_IDS, goals included, in navigation order', () => {
    expect(PAGE_IDS).toContain('goals');
    expect(pages.map((p) => p.id)).toEqual([...PAGE_IDS]);
    expect(seen).toEqual(PAGE_IDS.map((id, i) => [id, i]));
    for (const p of pages) {
      const keys = PAGE_SPECS[p.id].keys(PAGE_SPECS[p.id].view(p.params) as never);
      for (const k of keys) expect(Object.keys(p.results), `${p.id}: ${k}`).toContain(k);
    }
    const goals = pages.find((p) => p.id === 'goals')!;
    expect(goals.results.goals).not.toBeNull();
  });

  it('puts every page with results into the snapshot, the goals page with its series', () => {
    const made = buildSnapshot({ pages, filters: NO_FILTERS, dataset: { rows: 1, customers: 60, orders: 1, from: null, to: null }, locale: 'ja', currency: 'JPY' });
    expect(made.snapshot).not.toBeNull();
    const ids = [...made.snapshot!.pages.map((p) => p.id), ...made.refused];
    expect(ids.sort()).toEqual([...PAGE_IDS].sort());
    const goals = made.snapshot!.pages.find((p) => p.id === 'goals');
    expect(goals, `refused: ${made.refused.join(', ')}`).toBeDefined();
    expect((goals!.results as { goals: { series: unknown[] } | null }).goals!.series.length).toBeGreaterThan(0);
  });

  it('keeps the page on screen as it is', async () => {
    const onScreen: LivePage = { id: 'goals', params: new URLSearchParams(), results: { goals: null } };
    const again = await collectPages(pageEngine(db), new URLSearchParams(), onScreen);
    expect(again.map((p) => p.id)).toEqual([...PAGE_IDS]);
    expect(again.find((p) => p.id === 'goals')).toBe(onScreen);
  }, 240_000);

  it('gives the goals page the goals remembered on this device when the address has none', () => {
    const storage = memoryStorage();
    const overviewAddress = new URLSearchParams('channel=EC');
    // Nothing remembered: the settings as they are.
    expect(withRememberedGoals(overviewAddress, storage)).toBe(overviewAddress);
    rememberGoals(GOALS, storage);
    const params = withRememberedGoals(overviewAddress, storage);
    expect(PAGE_SPECS.goals.view(params)).toEqual({ goals: GOALS });
    expect(params.get('channel')).toBe('EC');
    expect(overviewAddress.has(GOALS_KEY)).toBe(false);
    // Goals in the address (the goals page's own) win over the remembered ones.
    const own = new URLSearchParams(`${GOALS_KEY}=${encodeURIComponent('active:100:2025-06-30')}`);
    expect(withRememberedGoals(own, storage)).toBe(own);

    // And the report's goals page shows them.
    const goalsPage = { ...pages.find((p) => p.id === 'goals')!, params };
    const made = buildSnapshot({ pages: [goalsPage], filters: NO_FILTERS, dataset: { rows: 1, customers: 60, orders: 1, from: null, to: null }, locale: 'ja', currency: 'JPY' });
    expect(made.snapshot!.pages[0].view).toEqual({ goals: GOALS });
  });
});
