import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { NO_FILTERS, type Filters } from '../../src/lib/analyses/filters';
import {
  NO_TOUCHPOINT,
  answerFacetsSql,
  answerSpanSql,
  commentsBase,
  followUpBase,
  narrowAnswers,
  withFollowUps,
  type FollowUpOptions
} from '../../src/lib/analyses/lists/answers';
import { listColumns, type CustomerListRow, type ListBase } from '../../src/lib/analyses/lists/columns';
import { customerListCsvSql, customerListSql, textSearchPatterns } from '../../src/lib/analyses/lists/sql';
import { countList, fetchListForExport, fetchListPage, materializeList } from '../../src/lib/analyses/lists/run';
import { withPredictions } from '../../src/lib/analyses/lists/bases';
import { answerScalesSql } from '../../src/lib/analyses/nps/scales';
import type { AnswerScope } from '../../src/lib/analyses/nps/sql';
import { SqlValueError } from '../../src/lib/engine/sql';
import { toRows } from '../../src/lib/engine/types';
import { listCsv } from '../../src/lib/ui/list-csv';
import { FollowUpStore, localDateTime, memoryMarksStorage, readMarks, withMark } from '../../src/lib/state/followups.svelte';
import { highlightParts } from '../../src/lib/ui/highlight';

const NPS: AnswerScope = { scale: '0-10', reading: 'nps' };
const SCRIPT = '<script>alert(1)</script>';
const FORMULA = "=cmd|' /C calc'!A0";

/** Every row of a list in its default order (or `sort`), searched. */
async function all(db: NodeDatabase, base: ListBase, search = ''): Promise<CustomerListRow[]> {
  return toRows<CustomerListRow>(await db.query(customerListCsvSql(base, search, base.defaultSort)));
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

describe('survey-answer lists', () => {
  let db: NodeDatabase;
  const today = '2025-01-20';
  const opts = (windowDays: number | null, o: Partial<FollowUpOptions> = {}): FollowUpOptions => ({ today, asOf: '2024-12-31', windowDays, ...o });

  beforeAll(async () => {
    db = await NodeDatabase.open();
    const orders = [
      'order_id,customer_id,order_date,amount,channel',
      'a1,A,2024-03-01,400,web', 'a2,A,2024-09-01,600,store',
      'b1,B,2024-05-01,500,store',
      'c1,C,2024-06-01,300,web', 'c2,C,2024-07-01,-100,web', // net 200
      'x1,A,2025-01-05,999,web' // after the analysis date
    ].join('\n');
    // 0–10 answers; the latest is 2024-12-31.
    const answers: [string, string, number, string, string][] = [
      ['A', '2024-12-31', 3, SCRIPT, 'web'], // low, day 1 of the window
      ['B', '2024-12-02', 6, FORMULA, 'store'], // low, day 30: inside the last 30 days
      ['C', '2024-12-01', 0, '100% disappointed', 'web'], // low, day 31: outside 30, inside 90
      ['', '2024-10-03', 5, 'snake_case issue', 'app'], // low, no customer id; day 90
      ['D', '2024-10-02', 2, '', 'web'], // low, day 91, no comment; D never bought
      ['E', '2024-06-01', 1, 'Old complaint', ''], // low, only under "all"
      ['A', '2024-12-20', 9, 'Great 100 percent', 'web'], // high
      ['B', '2024-12-25', 7, 'ok_fine', 'store'], // mid
      ['A', '2024-11-15', 10, 'Love it', ''], // high, no touchpoint
      ['C', '2024-12-30', 4, '+SUM(A1)', 'app'], // low
      ['B', '2024-12-28', 8, '@mention -dash', 'store'] // mid
    ];
    const nps = ['customer_id,response_date,score,comment,touchpoint', ...answers.map((a) => a.map((v) => csvField(String(v))).join(','))].join('\n');
    // A second survey on a 1–5 scale.
    const short = ['customer_id,response_date,score', 'A,2024-12-10,2', 'B,2024-12-11,5'].join('\n');
    await loadFiles(
      db,
      [{ name: 'orders.csv', text: orders }, { name: 'nps.csv', text: nps }, { name: 'short.csv', text: short }],
      (plans) => {
        expect(plans.map((p) => p.kind)).toEqual(['orders', 'responses', 'responses']);
        expect(plans.map((p) => p.scoreScale)).toEqual(['0-10', '0-10', '1-5']);
        expect(plans[1].columns.map((c) => c.role)).toEqual(['customer_id', 'response_date', 'score', 'comment', 'touchpoint']);
      }
    );
  });
  afterAll(() => db.close());

  it('lists the scales present, most answered first', async () => {
    expect(toRows(await db.query(answerScalesSql()))).toEqual([
      { scale: '0-10', answers: 11 },
      { scale: '1-5', answers: 2 }
    ]);
  });

  describe('follow-up list', () => {
    const keys = async (base: ListBase, search = '') => (await all(db, base, search)).map((r) => `${r.customer_id} ${r.answered_on}`);

    it('counts the window back from the latest answer, both ends of N days included', async () => {
      expect(await keys(followUpBase(NO_FILTERS, NPS, opts(30)))).toEqual(['A 2024-12-31', 'C 2024-12-30', 'B 2024-12-02']);
      expect(await keys(followUpBase(NO_FILTERS, NPS, opts(90)))).toEqual([
        'A 2024-12-31', 'C 2024-12-30', 'B 2024-12-02', 'C 2024-12-01', 'null 2024-10-03'
      ]);
      expect(await countList(db, followUpBase(NO_FILTERS, NPS, opts(180)))).toBe(6);
      expect(await countList(db, followUpBase(NO_FILTERS, NPS, opts(null)))).toBe(7);
    });

    it('counts from the latest answer within the filters, not from today', async () => {
      const to: Filters = { ...NO_FILTERS, to: '2024-12-15' };
      // Latest counted answer 2024-12-02 (the mid and high ones count for the latest date too).
      expect(await keys(followUpBase(to, NPS, opts(30)))).toEqual(['B 2024-12-02', 'C 2024-12-01']);
    });

    it('gives date, days since, score, touchpoint, comment and net spend as of the analysis date', async () => {
      const rows = await all(db, followUpBase(NO_FILTERS, NPS, opts(90)));
      expect(rows.map(({ answered_on, days_since, score, touchpoint, comment, customer_id, revenue }) => ({ answered_on, days_since, score, touchpoint, comment, customer_id, revenue }))).toEqual([
        { answered_on: '2024-12-31', days_since: 20, score: 3, touchpoint: 'web', comment: SCRIPT, customer_id: 'A', revenue: 1000 },
        { answered_on: '2024-12-30', days_since: 21, score: 4, touchpoint: 'app', comment: '+SUM(A1)', customer_id: 'C', revenue: 200 },
        { answered_on: '2024-12-02', days_since: 49, score: 6, touchpoint: 'store', comment: FORMULA, customer_id: 'B', revenue: 500 },
        { answered_on: '2024-12-01', days_since: 50, score: 0, touchpoint: 'web', comment: '100% disappointed', customer_id: 'C', revenue: 200 },
        { answered_on: '2024-10-03', days_since: 109, score: 5, touchpoint: 'app', comment: 'snake_case issue', customer_id: null, revenue: null }
      ]);
      const base = followUpBase(NO_FILTERS, NPS, opts(90));
      expect(listColumns(base)).toEqual(['answered_on', 'days_since', 'score', 'touchpoint', 'comment', 'customer_id', 'revenue', 'tier', 'region', 'member_since', 'birthday']);
      // Without identified orders there is no spend, and the list still works.
      expect((await all(db, followUpBase(NO_FILTERS, NPS, opts(30, { asOf: null })))).map((r) => r.revenue)).toEqual([null, null, null]);
      // With the channel filter, spend is of that channel's orders, and answers of its customers.
      const web = await all(db, followUpBase({ ...NO_FILTERS, channels: ['web'] }, NPS, opts(null)));
      expect(web.map((r) => `${r.customer_id} ${r.revenue}`)).toEqual(['A 400', 'C 200', 'C 200']);
    });

    it('keys rows by response_key, stable across loads', async () => {
      const a = await all(db, followUpBase(NO_FILTERS, NPS, opts(null)));
      const b = await all(db, followUpBase(NO_FILTERS, NPS, opts(30)));
      expect(new Set(a.map((r) => r.response_key)).size).toBe(a.length);
      expect(b.map((r) => r.response_key)).toEqual(a.slice(0, 2).map((r) => r.response_key).concat(a[2].response_key));
      expect(a[0].response_key).toMatch(/^[0-9a-f]{32}$/);
    });

    it('reads the low group of the scope (a 1–5 scale: 1–3 under nps, 1–2 under top2)', async () => {
      expect(await keys(followUpBase(NO_FILTERS, { scale: '1-5', reading: 'nps' }, opts(null)))).toEqual(['A 2024-12-10']);
      expect(await keys(followUpBase(NO_FILTERS, { scale: '1-5', reading: 'top2' }, opts(null)))).toEqual(['A 2024-12-10']);
      expect(await countList(db, followUpBase(NO_FILTERS, { scale: '1-10', reading: 'nps' }, opts(null)))).toBe(0);
    });

    it('searches customer ids, comments and touchpoints, with % and _ as literal characters', async () => {
      const base = followUpBase(NO_FILTERS, NPS, opts(null));
      expect(await keys(base, 'c')).toEqual(['A 2024-12-31', 'C 2024-12-30', 'B 2024-12-02', 'C 2024-12-01', 'null 2024-10-03', 'E 2024-06-01']);
      expect(await keys(base, '100%')).toEqual(['C 2024-12-01']);
      expect(await keys(base, '_')).toEqual(['null 2024-10-03']);
      expect(await keys(base, 'ＳＴＯＲＥ')).toEqual(['B 2024-12-02']); // full-width folded, case ignored
      expect(await keys(base, 'script>')).toEqual(['A 2024-12-31']);
    });

    it('joins the marks of this device, hides followed-up answers on request, exports the mark', async () => {
      const base = await materializeList(db, followUpBase(NO_FILTERS, NPS, opts(30)), 'kizuna_test_followup');
      const rows = await all(db, base);
      const marks = [{ key: rows[1].response_key as string, at: '2025-01-19 10:30' }, { key: 'elsewhere', at: '2025-01-01 09:00' }];
      const marked = withFollowUps(base, marks);
      expect((await all(db, marked)).map((r) => [r.customer_id, r.followed_up, r.followed_up_at])).toEqual([
        ['A', false, null],
        ['C', true, '2025-01-19 10:30'],
        ['B', false, null]
      ]);
      expect(listColumns(marked)).toContain('followed_up_at');
      expect(await countList(db, withFollowUps(base, marks, { hide: true }))).toBe(2);
      expect(await countList(db, withFollowUps(base, [], { hide: true }))).toBe(3);
      const page = await fetchListPage(db, withFollowUps(base, marks, { hide: true }), { sort: base.defaultSort, offset: 1, limit: 5 });
      expect(page.map((r) => r.customer_id)).toEqual(['B']);
    });

    it('joins predicted CLV when a predictions table exists', async () => {
      await db.exec(`CREATE OR REPLACE TEMP TABLE kizuna_test_clv AS SELECT * FROM (VALUES ('A', 1234.5, 0.8), ('B', 99.0, 0.1)) t(customer_id, clv, p_alive)`);
      const base = withPredictions(followUpBase(NO_FILTERS, NPS, opts(30)), 'kizuna_test_clv');
      expect((await all(db, base)).map((r) => [r.customer_id, r.clv, r.p_alive])).toEqual([['A', 1234.5, 0.8], ['C', null, null], ['B', 99, 0.1]]);
    });

    it('exports comments literally, formula payloads escaped in the CSV', async () => {
      const base = withFollowUps(followUpBase(NO_FILTERS, NPS, opts(30)), []);
      const data = await fetchListForExport(db, base, '', base.defaultSort);
      const csv = listCsv(data, listColumns(base).map((key) => ({ key, label: key })), (key, v) => (key === 'followed_up' ? (v ? 'yes' : '') : v));
      const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toBe('answered_on,days_since,score,touchpoint,comment,customer_id,revenue,followed_up,followed_up_at,tier,region,member_since,birthday');
      expect(lines[1]).toBe(`2024-12-31,20,3,web,${SCRIPT},A,1000,,,,,,`);
      expect(lines[2]).toBe("2024-12-30,21,4,app,'+SUM(A1),C,200,,,,,,");
      expect(lines[3]).toBe(`2024-12-02,49,6,store,'${FORMULA},B,500,,,,,,`);
      expect(lines).toHaveLength(5);
    });
  });

  describe('comment browser', () => {
    const comments = async (base: ListBase, search = '') => (await all(db, base, search)).map((r) => r.comment);

    it('lists every counted answer with a comment, newest first, with group and score', async () => {
      const base = commentsBase(NO_FILTERS, NPS);
      const rows = await all(db, base);
      expect(rows.map((r) => [r.answered_on, r.band, r.score, r.touchpoint, r.comment])).toEqual([
        ['2024-12-31', 'low', 3, 'web', SCRIPT],
        ['2024-12-30', 'low', 4, 'app', '+SUM(A1)'],
        ['2024-12-28', 'mid', 8, 'store', '@mention -dash'],
        ['2024-12-25', 'mid', 7, 'store', 'ok_fine'],
        ['2024-12-20', 'high', 9, 'web', 'Great 100 percent'],
        ['2024-12-02', 'low', 6, 'store', FORMULA],
        ['2024-12-01', 'low', 0, 'web', '100% disappointed'],
        ['2024-11-15', 'high', 10, null, 'Love it'],
        ['2024-10-03', 'low', 5, 'app', 'snake_case issue'],
        ['2024-06-01', 'low', 1, null, 'Old complaint']
      ]);
      // No customer attributes are joined.
      expect(Object.keys(rows[0]).sort()).toEqual(['answered_on', 'band', 'comment', 'response_key', 'score', 'touchpoint']);
      expect(listColumns(base)).toEqual(['answered_on', 'band', 'score', 'touchpoint', 'comment']);
    });

    it('narrows by group, month and touchpoint', async () => {
      const base = await materializeList(db, commentsBase(NO_FILTERS, NPS), 'kizuna_test_comments');
      expect(await comments(narrowAnswers(base, { band: 'high' }))).toEqual(['Great 100 percent', 'Love it']);
      expect(await comments(narrowAnswers(base, { band: 'mid', month: '2024-12' }))).toEqual(['@mention -dash', 'ok_fine']);
      expect(await comments(narrowAnswers(base, { month: '2024-11' }))).toEqual(['Love it']);
      expect(await comments(narrowAnswers(base, { touchpoint: 'app' }))).toEqual(['+SUM(A1)', 'snake_case issue']);
      expect(await comments(narrowAnswers(base, { touchpoint: NO_TOUCHPOINT }))).toEqual(['Love it', 'Old complaint']);
      expect(await comments(narrowAnswers(base, { band: 'low', touchpoint: null }))).toHaveLength(6);
      // Values that are not a group or a month are refused, not pasted; a touchpoint is a literal.
      expect(() => narrowAnswers(base, { band: "low' OR 1=1 --" as never })).toThrow(SqlValueError);
      expect(() => narrowAnswers(base, { month: '2024-13' })).toThrow(SqlValueError);
      expect(await comments(narrowAnswers(base, { touchpoint: "web' OR 'x'='x" }))).toEqual([]);
    });

    it('offers the groups, months and touchpoints present, with their counts', async () => {
      const facets = toRows(await db.query(answerFacetsSql(commentsBase(NO_FILTERS, NPS))));
      expect(facets).toEqual([
        { facet: 'band', value: 'high', answers: 2 },
        { facet: 'band', value: 'mid', answers: 2 },
        { facet: 'band', value: 'low', answers: 6 },
        { facet: 'month', value: '2024-12', answers: 7 },
        { facet: 'month', value: '2024-11', answers: 1 },
        { facet: 'month', value: '2024-10', answers: 1 },
        { facet: 'month', value: '2024-06', answers: 1 },
        { facet: 'touchpoint', value: 'store', answers: 3 },
        { facet: 'touchpoint', value: 'web', answers: 3 },
        { facet: 'touchpoint', value: 'app', answers: 2 },
        { facet: 'touchpoint', value: null, answers: 2 }
      ]);
    });

    it('searches comments case-insensitively, with % and _ matched literally', async () => {
      const base = commentsBase(NO_FILTERS, NPS);
      expect(await comments(base, '100%')).toEqual(['100% disappointed']);
      expect(await comments(base, '100')).toEqual(['Great 100 percent', '100% disappointed']);
      expect(await comments(base, '_')).toEqual(['ok_fine', 'snake_case issue']);
      expect(await comments(base, '%')).toEqual(['100% disappointed']);
      expect(await comments(base, 'LOVE')).toEqual(['Love it']);
      expect(await comments(base, "' /c")).toEqual([FORMULA]);
      expect(await comments(base, '\\')).toEqual([]);
      expect(await countList(db, base, 'a')).toBe(8);
      // The customer id is not searched here (the comment browser searches what people said).
      expect(await comments(base, 'B')).toEqual([]);
      expect(textSearchPatterns(' 100% ')).toEqual(['%100\\%%']);
      expect(textSearchPatterns('ｻｰﾋﾞｽ')).toEqual(['%サービス%', '%ｻｰﾋﾞｽ%']);
    });

    it('pages newest first with the response key as the last tie-break', async () => {
      const base = commentsBase(NO_FILTERS, NPS);
      const sql = customerListSql(base, { sort: base.defaultSort, offset: 8, limit: 5 });
      expect(sql).toContain('"response_key" ASC');
      expect(toRows<CustomerListRow>(await db.query(sql)).map((r) => r.comment)).toEqual(['snake_case issue', 'Old complaint']);
      expect(toRows<CustomerListRow>(await db.query(customerListSql(base, { sort: { column: 'score', dir: 'asc' }, offset: 0, limit: 2 }))).map((r) => r.score)).toEqual([0, 1]);
    });

    it('exports comments as text: markup as it was written, formulas neutralised', async () => {
      const base = commentsBase(NO_FILTERS, NPS);
      const data = await fetchListForExport(db, base, '', base.defaultSort);
      const csv = listCsv(data, listColumns(base).map((key) => ({ key, label: key })));
      const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[1]).toBe(`2024-12-31,low,3,web,${SCRIPT}`);
      expect(lines[2]).toBe("2024-12-30,low,4,app,'+SUM(A1)");
      expect(lines[3]).toBe("2024-12-28,mid,8,store,'@mention -dash");
      expect(lines[6]).toBe(`2024-12-02,low,6,store,'${FORMULA}`);
      expect(lines.filter((l) => /,[=+@-]/.test(l))).toEqual([]);
    });

    it('states the span of the answers', async () => {
      expect(toRows(await db.query(answerSpanSql(NO_FILTERS, NPS)))).toEqual([{ first: '2024-06-01', last: '2024-12-31', answers: 11 }]);
      expect(toRows(await db.query(answerSpanSql({ ...NO_FILTERS, to: '2024-01-01' }, NPS)))).toEqual([{ first: null, last: null, answers: 0 }]);
    });
  });
});

describe('highlighting a search in a comment', () => {
  it('splits text around every match, ignoring case, as text only', () => {
    expect(highlightParts('Love it, LOVE it', 'love')).toEqual([
      { text: 'Love', match: true },
      { text: ' it, ', match: false },
      { text: 'LOVE', match: true },
      { text: ' it', match: false }
    ]);
    expect(highlightParts('100% (a.b)', '% (a.')).toEqual([
      { text: '100', match: false },
      { text: '% (a.', match: true },
      { text: 'b)', match: false }
    ]);
    expect(highlightParts(SCRIPT, '')).toEqual([{ text: SCRIPT, match: false }]);
    expect(highlightParts('サービスが良い', 'ｻｰﾋﾞｽ')).toEqual([
      { text: 'サービス', match: true },
      { text: 'が良い', match: false }
    ]);
  });
});

describe('follow-up marks', () => {
  const t0 = new Date('2025-01-19T01:30:00Z');

  it('marks and unmarks, keeping the first time a mark was set', () => {
    const a = withMark({}, 'k1', true, t0);
    expect(a).toEqual({ k1: '2025-01-19T01:30:00.000Z' });
    const b = withMark(a, 'k1', true, new Date('2025-02-01T00:00:00Z'));
    expect(b.k1).toBe('2025-01-19T01:30:00.000Z');
    expect(withMark(b, 'k1', false, t0)).toEqual({});
    expect(a).toEqual({ k1: '2025-01-19T01:30:00.000Z' }); // not changed in place
  });

  it('reads stored marks forgivingly', () => {
    expect(readMarks(undefined)).toEqual({});
    expect(readMarks('junk')).toEqual({});
    expect(readMarks(['k'])).toEqual({});
    expect(readMarks({ k1: '2025-01-19T01:30:00.000Z', k2: 5, k3: 'not a date', '': '2025-01-19T01:30:00.000Z' })).toEqual({ k1: '2025-01-19T01:30:00.000Z' });
  });

  it('shows a mark time in the local time zone', () => {
    expect(localDateTime('2025-01-19T01:30:00.000Z')).toBe('2025-01-19 10:30'); // TZ=Asia/Tokyo
  });

  it('keeps marks across a reload, and marks set elsewhere meanwhile', async () => {
    const storage = memoryMarksStorage();
    const store = new FollowUpStore(storage);
    await store.load();
    expect(store.loaded).toBe(true);
    await store.set('k1', true, t0);
    await store.set('k2', true, t0);
    await store.set('k2', false, t0);
    expect(store.has('k1')).toBe(true);
    expect(store.has('k2')).toBe(false);
    expect(store.list()).toEqual([{ key: 'k1', at: '2025-01-19 10:30' }]);

    // Another tab marks k3; this tab then marks k4: both are kept.
    storage.stored = { ...(storage.stored as object), k3: '2025-01-18T00:00:00.000Z' };
    await store.set('k4', true, t0);

    const reloaded = new FollowUpStore(storage);
    await reloaded.load();
    expect(Object.keys(reloaded.marks).sort()).toEqual(['k1', 'k3', 'k4']);
    expect(reloaded.at('k1')).toBe('2025-01-19T01:30:00.000Z');

    // "Clear data" forgets every mark, here and after a reload.
    await reloaded.clear();
    expect(reloaded.list()).toEqual([]);
    const cleared = new FollowUpStore(storage);
    await cleared.load();
    expect(cleared.marks).toEqual({});
  });

  it('keeps marks for the page when the device store fails, and says so', async () => {
    const failing = { read: () => Promise.reject(new Error('no IndexedDB')), update: () => Promise.reject(new Error('quota')) };
    const store = new FollowUpStore(failing);
    await store.load();
    expect(store.error).toBe('no IndexedDB');
    await store.set('k1', true, t0);
    expect(store.has('k1')).toBe(true);
    expect(store.error).toBe('quota');
  });

  it('marks set before the stored ones were read are kept', async () => {
    let release!: (v: unknown) => void;
    const storage = { read: () => new Promise((r) => (release = r)), update: async () => undefined };
    const store = new FollowUpStore(storage);
    const loading = store.load();
    await store.set('new', true, t0);
    release({ old: '2025-01-01T00:00:00.000Z' });
    await loading;
    expect(Object.keys(store.marks).sort()).toEqual(['new', 'old']);
  });
});
