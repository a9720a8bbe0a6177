import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { DEMO_SEED, generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { DEFAULT_LOYAL, type LoyalDefinition } from '../../src/lib/analyses/loyal/definition';
import { runLoyal } from '../../src/lib/analyses/loyal/run';
import { allCustomersBase, atRiskBase, loyalListBase, occasionsBase } from '../../src/lib/analyses/lists/bases';
import { clickedSort, listColumns, sortFor, type CustomerListRow, type ListBase, type ListColumn, type ListSort } from '../../src/lib/analyses/lists/columns';
import { customerListCountSql, customerListCsvSql, customerListSql, searchPattern } from '../../src/lib/analyses/lists/sql';
import { countList, fetchListForExport, fetchListPage, materializeList } from '../../src/lib/analyses/lists/run';
import { SqlValueError } from '../../src/lib/engine/sql';
import { toRows } from '../../src/lib/engine/types';

const def = (d: Partial<LoyalDefinition>): LoyalDefinition => ({
  minPurchases: null, minSpend: null, minTenureDays: null, tenureFrom: 'first_purchase', topPercent: null, ...d
});


/** Every row of a list in its default order. */
async function all(db: NodeDatabase, base: ListBase, search = ''): Promise<CustomerListRow[]> {
  return toRows<CustomerListRow>(await db.query(customerListCsvSql(base, search, base.defaultSort)));
}

function pick<T extends object, K extends keyof T>(rows: T[], keys: K[]): Pick<T, K>[] {
  return rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])) as Pick<T, K>);
}

const dayNumber = (iso: string) => Date.parse(iso + 'T00:00:00Z') / 86_400_000;
const isoOf = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

describe('at-risk valuable customers', () => {
  let db: NodeDatabase;
  const asOf = '2024-12-31';
  beforeAll(async () => {
    db = await NodeDatabase.open();
    // Revenue order: A 1000, C 900, D 800, G 700, H 650, B 600, E 550, F 100.
    const orders = [
      'order_id,customer_id,order_date,amount',
      'a1,A,2024-12-01,500', 'a2,A,2024-12-11,600', 'a3,A,2024-12-20,-100', // gap 10, recency 20 (a return is no purchase)
      'c1,C,2024-12-11,450', 'c2,C,2024-12-21,450', // gap 10, recency 10: exactly at the gap
      'd1,D,2024-12-10,400', 'd2,D,2024-12-20,400', // gap 10, recency 11: one day over
      'g1,G,2024-11-26,350', 'g2,G,2024-12-06,350', // gap 10, recency 25
      'h1,H,2024-11-01,200', 'h2,H,2024-11-11,200', 'h3,H,2024-11-22,250', // gap 10.5, recency 39
      'b1,B,2024-12-01,300', 'b2,B,2024-12-21,300', // gap 20, recency 10
      'e1,E,2024-12-01,275', 'e2,E,2024-12-01,275', // two orders on one day: no gap
      'f1,F,2024-11-01,50', 'f2,F,2024-11-11,50', // late, but not valuable
      'x1,A,2025-01-05,10' // after the analysis date
    ].join('\n');
    await loadFiles(db, [{ name: 'o.csv', text: orders }]);
  });
  afterAll(() => db.close());

  const ids = async (base: ListBase) => (await all(db, base)).map((r) => r.customer_id);

  it('lists valuable repeat customers past their own typical gap, exactly-at-gap excluded', async () => {
    const base = atRiskBase(NO_FILTERS, asOf, { valueTopPercent: 80 }); // ceil(6.4) = 7: all but F
    const rows = await all(db, base);
    expect(pick(rows, ['customer_id', 'revenue', 'recency_days', 'avg_gap_days', 'overdue_days', 'expected_date', 'last_date'])).toEqual([
      { customer_id: 'A', revenue: 1000, recency_days: 20, avg_gap_days: 10, overdue_days: 10, expected_date: '2024-12-21', last_date: '2024-12-11' },
      { customer_id: 'D', revenue: 800, recency_days: 11, avg_gap_days: 10, overdue_days: 1, expected_date: '2024-12-30', last_date: '2024-12-20' },
      { customer_id: 'G', revenue: 700, recency_days: 25, avg_gap_days: 10, overdue_days: 15, expected_date: '2024-12-16', last_date: '2024-12-06' },
      { customer_id: 'H', revenue: 650, recency_days: 39, avg_gap_days: 10.5, overdue_days: 28.5, expected_date: '2024-12-03', last_date: '2024-11-22' }
    ]);
    expect(base.defaultSort).toEqual({ column: 'revenue', dir: 'desc' });
    expect(listColumns(base)).toEqual(expect.arrayContaining(['overdue_days', 'expected_date', 'tier']));
  });

  it('takes "valuable" as the top N % by revenue (default 20 %)', async () => {
    expect(await ids(atRiskBase(NO_FILTERS, asOf))).toEqual(['A']); // top ceil(1.6) = 2: A and C
    expect(await ids(atRiskBase(NO_FILTERS, asOf, { valueTopPercent: 50 }))).toEqual(['A', 'D', 'G']);
    expect(await ids(atRiskBase(NO_FILTERS, asOf, { valueTopPercent: 100 }))).toEqual(['A', 'D', 'G', 'H', 'F']);
    // Invalid options fall back to the defaults.
    expect(await ids(atRiskBase(NO_FILTERS, asOf, { valueTopPercent: Number.NaN, gapMultiplier: -1 }))).toEqual(['A']);
  });

  it('scales the tolerance with the gap multiplier', async () => {
    // 2 × 10 = 20: A (20) is not over it, G (25) is; H: 39 > 2 × 10.5.
    expect(await ids(atRiskBase(NO_FILTERS, asOf, { valueTopPercent: 80, gapMultiplier: 2 }))).toEqual(['G', 'H']);
    expect(await ids(atRiskBase(NO_FILTERS, asOf, { valueTopPercent: 80, gapMultiplier: 1.9 }))).toEqual(['A', 'G', 'H']);
  });

  it('moves with the analysis date', async () => {
    // On 2024-12-30, D is 10 days after its last purchase: on time again.
    expect(await ids(atRiskBase(NO_FILTERS, '2024-12-30', { valueTopPercent: 80 }))).toEqual(['A', 'G', 'H']);
  });
});

describe('birthdays and membership anniversaries of loyal customers', () => {
  let db: NodeDatabase;
  const loyal = def({ minPurchases: 2 });
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const people: [string, string, string][] = [
      // id, birthday, member_since
      ['B1', '1990-12-31', ''],
      ['B2', '1985-01-05', ''],
      ['B3', '1985-01-06', ''],
      ['B4', '1990-12-28', ''],
      ['B5', '1900-01-01', ''], // a placeholder year: the birthday counts, the age does not
      ['B6', '2020-12-30', ''], // age 5: not a plausible customer age
      ['M1', '', '2023-01-02'],
      ['M2', '', '2025-12-30'], // joins inside the window: not an anniversary yet
      ['M3', '', '2024-12-29'],
      ['X', '1980-01-01', '2020-12-31'], // both occasions
      ['L1', '2000-02-29', '2024-02-29'],
      ['L2', '1990-02-28', ''],
      ['L3', '1990-03-01', ''],
      ['N1', '1990-12-31', ''], // one purchase only: not loyal
      ['Z', '1990-12-31', '2020-12-31'] // never bought
    ];
    const orders = ['order_id,customer_id,order_date,amount'];
    for (const [id] of people) {
      if (id === 'Z') continue;
      orders.push(`${id}-1,${id},2025-03-01,100`);
      if (id !== 'N1') orders.push(`${id}-2,${id},2025-06-01,100`);
    }
    const customers = ['customer_id,birthday,member_since', ...people.map((p) => p.join(','))];
    await loadFiles(db, [{ name: 'orders.csv', text: orders.join('\n') }, { name: 'customers.csv', text: customers.join('\n') }], (plans) => {
      expect(plans[1].columns.map((c) => c.role)).toEqual(['customer_id', 'birthday', 'member_since']);
    });
  });
  afterAll(() => db.close());

  const occasions = async (from: string, days?: number) =>
    pick(await all(db, occasionsBase(NO_FILTERS, loyal, { from, days })), ['customer_id', 'occasion', 'occasion_date', 'years', 'days_until']);

  it('finds occasions across the new year, both ends of the window included', async () => {
    expect(await occasions('2025-12-29', 7)).toEqual([
      { customer_id: 'M3', occasion: 'anniversary', occasion_date: '2025-12-29', years: 1, days_until: 0 },
      { customer_id: 'B6', occasion: 'birthday', occasion_date: '2025-12-30', years: null, days_until: 1 },
      { customer_id: 'B1', occasion: 'birthday', occasion_date: '2025-12-31', years: 35, days_until: 2 },
      { customer_id: 'X', occasion: 'anniversary', occasion_date: '2025-12-31', years: 5, days_until: 2 },
      { customer_id: 'B5', occasion: 'birthday', occasion_date: '2026-01-01', years: null, days_until: 3 },
      { customer_id: 'X', occasion: 'birthday', occasion_date: '2026-01-01', years: 46, days_until: 3 },
      { customer_id: 'M1', occasion: 'anniversary', occasion_date: '2026-01-02', years: 3, days_until: 4 },
      { customer_id: 'B2', occasion: 'birthday', occasion_date: '2026-01-05', years: 41, days_until: 7 }
    ]);
  });

  it('defaults to the next 30 days and counts a customer once per occasion', async () => {
    const rows = await occasions('2025-12-06');
    // [2025-12-06, 2026-01-05]
    expect(rows.map((r) => `${r.customer_id} ${r.occasion}`)).toEqual([
      'B4 birthday', 'M3 anniversary', 'B6 birthday', 'B1 birthday', 'X anniversary', 'B5 birthday', 'X birthday', 'M1 anniversary', 'B2 birthday'
    ]);
    expect(await countList(db, occasionsBase(NO_FILTERS, loyal, { from: '2025-12-06' }))).toBe(9);
    expect(await countList(db, occasionsBase(NO_FILTERS, loyal, { from: '2025-12-06' }), 'x')).toBe(2);
  });

  it('celebrates 29 February on 28 February in common years', async () => {
    expect(await occasions('2027-02-25', 5)).toEqual([
      { customer_id: 'L1', occasion: 'anniversary', occasion_date: '2027-02-28', years: 3, days_until: 3 },
      { customer_id: 'L1', occasion: 'birthday', occasion_date: '2027-02-28', years: 27, days_until: 3 },
      { customer_id: 'L2', occasion: 'birthday', occasion_date: '2027-02-28', years: 37, days_until: 3 },
      { customer_id: 'L3', occasion: 'birthday', occasion_date: '2027-03-01', years: 37, days_until: 4 }
    ]);
    expect(await occasions('2028-02-25', 5)).toEqual([
      { customer_id: 'L2', occasion: 'birthday', occasion_date: '2028-02-28', years: 38, days_until: 3 },
      { customer_id: 'L1', occasion: 'anniversary', occasion_date: '2028-02-29', years: 4, days_until: 4 },
      { customer_id: 'L1', occasion: 'birthday', occasion_date: '2028-02-29', years: 28, days_until: 4 },
      { customer_id: 'L3', occasion: 'birthday', occasion_date: '2028-03-01', years: 38, days_until: 5 }
    ]);
    expect((await occasions('2028-02-29', 0)).map((r) => r.customer_id)).toEqual(['L1', 'L1']);
    // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
    expect((await occasions('2100-02-28', 0)).map((r) => `${r.customer_id} ${r.occasion_date}`)).toEqual(['L1 2100-02-28', 'L1 2100-02-28', 'L2 2100-02-28']);
  });

  it('only lists loyal customers', async () => {
    const rows = await occasions('2025-12-29', 7);
    expect(rows.some((r) => r.customer_id === 'N1' || r.customer_id === 'Z')).toBe(false);
    // With everyone who bought once counted as loyal, N1 appears.
    const wider = pick(await all(db, occasionsBase(NO_FILTERS, def({ minPurchases: 1 }), { from: '2025-12-29', days: 7 })), ['customer_id']);
    expect(wider.filter((r) => r.customer_id === 'N1')).toHaveLength(1);
  });

  it('joins the customer attributes and keeps paging stable when a customer appears twice', async () => {
    const base = occasionsBase(NO_FILTERS, loyal, { from: '2025-12-29', days: 7 });
    const full = await all(db, base);
    expect(full.find((r) => r.customer_id === 'X' && r.occasion === 'birthday')).toMatchObject({ birthday: '1980-01-01', member_since: '2020-12-31', tier: null });
    const sort: ListSort = { column: 'customer_id', dir: 'asc' };
    const paged: CustomerListRow[] = [];
    for (let offset = 0; offset < full.length; offset += 1) paged.push(...(await fetchListPage(db, base, { sort, offset, limit: 1 })));
    expect(paged.map((r) => `${r.customer_id} ${r.occasion} ${r.occasion_date}`)).toEqual(
      full.map((r) => `${r.customer_id} ${r.occasion} ${r.occasion_date}`).sort()
    );
  });

  it('refuses a malformed start date', () => {
    expect(() => occasionsBase(NO_FILTERS, loyal, { from: "2025-12-29' OR 1=1 --" })).toThrow(SqlValueError);
  });
});

describe('paging, search and sort', () => {
  let db: NodeDatabase;
  const IDS = ['a%b', 'a_b', 'axb', 'AXB', 'a\\b', 'ab', "o'brien", 'user@example.com', 'Sales@Example.COM', 'Ｃ１'];
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const orders = ['order_id,customer_id,order_date,amount', ...IDS.map((id, i) => `o${i},"${id}",2024-01-0${1 + (i % 9)},${(i + 1) * 10}`)];
    await loadFiles(db, [{ name: 'o.csv', text: orders.join('\n') }]);
  });
  afterAll(() => db.close());

  const base = () => allCustomersBase(NO_FILTERS, '2024-01-31');
  const found = async (search: string) =>
    (await fetchListPage(db, base(), { search, sort: { column: 'customer_id', dir: 'asc' }, offset: 0, limit: 100 })).map((r) => r.customer_id);

  it('matches ids case-insensitively with % _ \\ and quotes taken literally', async () => {
    expect((await found('')).length).toBe(IDS.length);
    expect(await found('%')).toEqual(['a%b']);
    expect(await found('_')).toEqual(['a_b']);
    expect(await found('\\')).toEqual(['a\\b']);
    expect(await found("'")).toEqual(["o'brien"]);
    expect(await found('a_')).toEqual(['a_b']);
    expect(await found('x')).toEqual(['AXB', 'Sales@Example.COM', 'axb', 'user@example.com']);
    expect(await found('EXAMPLE.com')).toEqual(['Sales@Example.COM', 'user@example.com']);
    expect(await found('  ab  ')).toEqual(['ab']);
    expect(await found('ｃ１')).toEqual(['C1']); // the import folded the id to half-width; so is the search
    expect(await found('nobody')).toEqual([]);
  });

  it('counts what the search finds', async () => {
    for (const s of ['', '%', '_', 'x', 'example', 'nobody']) {
      expect(await countList(db, base(), s), s).toBe((await found(s)).length);
    }
    expect(searchPattern(' 5%_\\ ')).toBe('%5\\%\\_\\\\%');
    expect(searchPattern('   ')).toBeNull();
  });

  it('pages with offset and limit', async () => {
    const sort: ListSort = { column: 'revenue', dir: 'desc' };
    const page = async (offset: number, limit: number) =>
      (await fetchListPage(db, base(), { sort, offset, limit })).map((r) => r.revenue);
    expect(await page(0, 3)).toEqual([100, 90, 80]);
    expect(await page(3, 3)).toEqual([70, 60, 50]);
    expect(await page(9, 3)).toEqual([10]);
    expect(await page(10, 3)).toEqual([]);
    expect(await page(-5, 2)).toEqual([100, 90]);
    expect(await page(0, 0)).toEqual([]);
    await expect(fetchListPage(db, base(), { sort, offset: Number.NaN, limit: 3 })).rejects.toThrow(SqlValueError);
    const asc = (await fetchListPage(db, base(), { sort: { column: 'revenue', dir: 'asc' }, offset: 0, limit: 2 })).map((r) => r.revenue);
    expect(asc).toEqual([10, 20]);
  });

  it('falls back to the default sort for a column the list lacks, and refuses unknown columns', async () => {
    expect(sortFor(base(), { column: 'occasion_date', dir: 'asc' })).toEqual({ column: 'revenue', dir: 'desc' });
    expect(sortFor(base(), { column: 'tier', dir: 'desc' })).toEqual({ column: 'tier', dir: 'desc' });
    const rows = await fetchListPage(db, base(), { sort: { column: 'overdue_days', dir: 'asc' }, offset: 0, limit: 1 });
    expect(rows[0].revenue).toBe(100);
    const bogus = { column: 'revenue; DROP TABLE orders' as ListColumn, dir: 'asc' as const };
    expect(() => customerListSql('SELECT customer_id FROM customers', { sort: bogus, offset: 0, limit: 1 })).toThrow(SqlValueError);
  });

  it('accepts a bare SQL base', async () => {
    const sql = `SELECT customer_id, 'vip' AS segment FROM orders WHERE amount >= 50`;
    const rows = toRows<CustomerListRow>(await db.query(customerListSql(sql, { sort: { column: 'customer_id', dir: 'desc' }, offset: 0, limit: 2 })));
    expect(rows.map((r) => r.customer_id)).toEqual(['user@example.com', 'o\'brien']);
    expect(rows[0]).toMatchObject({ segment: 'vip', tier: null, region: null, member_since: null, birthday: null });
    expect(toRows<{ n: number }>(await db.query(customerListCountSql(sql, 'BRIEN')))[0].n).toBe(1);
  });
});

describe('lists on the demo data', () => {
  let db: NodeDatabase;
  let asOf: string;
  let orders: { customer: string; day: string; amount: number; done: boolean }[];
  let birthdays: Map<string, string>;
  let joined: Map<string, string>;
  beforeAll(async () => {
    db = await NodeDatabase.open();
    const files = generateDemo(DEMO_SEED, 0.05);
    await loadFiles(db, files, (plans) => {
      expect(plans[1].columns.find((c) => c.label === '入会日')!.role).toBe('member_since');
    });
    const rows = (text: string) => text.trimEnd().split('\n').slice(1).map((l) => l.split(','));
    orders = rows(files[0].text).map((r) => ({ customer: r[1], day: r[2].slice(0, 10), amount: Number(r[3]), done: r[4] === '完了' }));
    const customers = rows(files[1].text);
    birthdays = new Map(customers.filter((r) => r[4]).map((r) => [r[0], r[4]]));
    joined = new Map(customers.filter((r) => r[2]).map((r) => [r[0], r[2]]));
    asOf = orders.map((o) => o.day).reduce((a, b) => (a > b ? a : b));
  });
  afterAll(() => db.close());

  /** Per-customer facts as of a day, computed here from the CSV text. */
  function summaries(at: string) {
    const by = new Map<string, { id: string; revenue: number; days: Set<string>; first: string; last: string }>();
    for (const o of orders) {
      if (!o.done || o.day > at) continue;
      const s = by.get(o.customer) ?? { id: o.customer, revenue: 0, days: new Set<string>(), first: o.day, last: o.day };
      s.revenue += o.amount;
      s.days.add(o.day);
      if (o.day < s.first) s.first = o.day;
      if (o.day > s.last) s.last = o.day;
      by.set(o.customer, s);
    }
    const list = [...by.values()].sort((a, b) => b.revenue - a.revenue || (a.id < b.id ? -1 : 1));
    const top = new Set(list.slice(0, Math.ceil((20 * list.length) / 100)).map((s) => s.id));
    return { list, top };
  }

  it('pages through 1,400+ customers without repeating or skipping, in the chosen order', async () => {
    const base = allCustomersBase(NO_FILTERS, asOf);
    const n = await countList(db, base);
    expect(n).toBe(summaries(asOf).list.length);
    for (const sort of [{ column: 'revenue', dir: 'desc' }, { column: 'tier', dir: 'asc' }, { column: 'tier', dir: 'desc' }, { column: 'last_date', dir: 'asc' }] as ListSort[]) {
      const pages: CustomerListRow[] = [];
      for (let offset = 0; offset < n; offset += 200) pages.push(...(await fetchListPage(db, base, { sort, offset, limit: 200 })));
      const exported = await fetchListForExport(db, base, '', sort);
      expect(exported.rowCount).toBe(n);
      expect(pages.map((r) => r.customer_id)).toEqual(exported.columns.customer_id);
      expect(new Set(pages.map((r) => r.customer_id)).size).toBe(n);
      // The order: the column (NULLs last either way), then customer id.
      expect(Object.keys(pages[0])).toContain(sort.column);
      for (let i = 1; i < pages.length; i++) {
        const a = pages[i - 1][sort.column];
        const b = pages[i][sort.column];
        if (a === null) expect(b, `${sort.column} row ${i}`).toBeNull();
        if (a === null || a === undefined || b === null || b === undefined) continue;
        const ordered = sort.dir === 'asc' ? a <= b : a >= b;
        expect(ordered, `${sort.column} row ${i}`).toBe(true);
        if (a === b) expect(pages[i - 1].customer_id < pages[i].customer_id).toBe(true);
      }
    }
    const byTier = await fetchListPage(db, base, { sort: { column: 'tier', dir: 'desc' }, offset: n - 1, limit: 1 });
    expect(byTier[0].tier).toBeNull();
    expect((await fetchListForExport(db, base, '', base.defaultSort)).names).toEqual(listColumns(base));
  });

  it('reads the same rows from a materialised base', async () => {
    const base = atRiskBase(NO_FILTERS, asOf);
    const table = await materializeList(db, base);
    expect(table.sql).not.toBe(base.sql);
    expect(table.defaultSort).toEqual(base.defaultSort);
    for (const search of ['', 'C00']) {
      expect(await all(db, table, search)).toEqual(await all(db, base, search));
    }
    expect(await countList(db, table)).toBeGreaterThan(10);
    // Materialising again with other options replaces the table.
    const wider = await materializeList(db, atRiskBase(NO_FILTERS, asOf, { valueTopPercent: 50 }));
    expect(await countList(db, wider)).toBeGreaterThan(await countList(db, base));
    expect(await countList(db, table)).toBe(await countList(db, wider));
  });

  it('lists the loyal customers runLoyal counts', async () => {
    const base = loyalListBase(NO_FILTERS, DEFAULT_LOYAL, asOf);
    const r = (await runLoyal(db, NO_FILTERS, DEFAULT_LOYAL))!;
    const rows = await all(db, base);
    expect(rows.length).toBe(r.loyal.customers);
    expect(new Set(rows.map((x) => x.customer_id))).toEqual(summaries(asOf).top);
    expect(rows.reduce((a, x) => a + (x.revenue as number), 0)).toBeCloseTo(r.loyal.revenue, 6);
  });

  it('finds the same at-risk customers as a direct computation', async () => {
    const { list, top } = summaries(asOf);
    const want = list
      .filter((s) => top.has(s.id) && s.days.size >= 2)
      .map((s) => ({ s, gap: (dayNumber(s.last) - dayNumber(s.first)) / (s.days.size - 1), recency: dayNumber(asOf) - dayNumber(s.last) }))
      .filter((x) => x.recency > x.gap);
    const rows = await all(db, atRiskBase(NO_FILTERS, asOf));
    expect(want.length).toBeGreaterThan(10);
    expect(rows.map((r) => r.customer_id)).toEqual(want.map((x) => x.s.id)); // both by revenue, highest first
    for (const [i, x] of want.entries()) {
      expect(Math.abs((rows[i].overdue_days as number) - (x.recency - x.gap))).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(rows[i].expected_date).toBe(isoOf(dayNumber(x.s.last) + Math.round(x.gap)));
    }
  });

  it('finds the same birthdays and anniversaries as a direct computation, across the new year', async () => {
    const from = '2025-12-15';
    const to = '2026-01-14';
    const { top } = summaries(from);
    const want: string[] = [];
    for (const id of top) {
      for (const [occasion, date] of [['birthday', birthdays.get(id)], ['anniversary', joined.get(id)]] as const) {
        if (!date) continue;
        for (const y of [2025, 2026]) {
          const leapYear = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
          const md = date.slice(5) === '02-29' && !leapYear ? '02-28' : date.slice(5);
          const on = `${y}-${md}`;
          const years = y - Number(date.slice(0, 4));
          if (on < from || on > to) continue;
          if (occasion === 'anniversary' && years < 1) continue;
          want.push(`${id} ${occasion} ${on} ${occasion === 'birthday' && (years < 10 || years > 110) ? null : years}`);
        }
      }
    }
    const rows = await all(db, occasionsBase(NO_FILTERS, DEFAULT_LOYAL, { from }));
    expect(want.length).toBeGreaterThan(5);
    expect(want.some((w) => w.includes(' 2026-01-'))).toBe(true);
    expect(rows.map((r) => `${r.customer_id} ${r.occasion} ${r.occasion_date} ${r.years}`).sort()).toEqual(want.sort());
  });
});

describe('a click on a column header', () => {
  it('turns the same column around, and starts another A→Z for text and highest first for figures', () => {
    expect(clickedSort(null, 'revenue')).toEqual({ column: 'revenue', dir: 'desc' });
    expect(clickedSort({ column: 'revenue', dir: 'desc' }, 'revenue')).toEqual({ column: 'revenue', dir: 'asc' });
    expect(clickedSort({ column: 'revenue', dir: 'asc' }, 'revenue')).toEqual({ column: 'revenue', dir: 'desc' });
    expect(clickedSort({ column: 'revenue', dir: 'asc' }, 'customer_id')).toEqual({ column: 'customer_id', dir: 'asc' });
  });
});
