import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { sharedFile, textFile } from '../helpers/files';
import {
  detectDateOrder, detectScoreScale, normalizeHeader, proposeRoles, roleFromHeader
} from '../../src/lib/ingest/roles';
import { inspectFile, planProblems } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { firstRow, toRows } from '../../src/lib/engine/types';
import type { FilePlan, Role } from '../../src/lib/ingest/types';

const TODAY = { today: '2026-11-23' };

/** Roles proposed for a header row (with one plausible data row so value rules can run). */
function rolesOf(headers: string[], row: string[] = headers.map(() => 'x')): Record<string, Role> {
  const { columns } = proposeRoles(headers, [row]);
  return Object.fromEntries(headers.map((h, i) => [h, columns[i].role]));
}

describe('header synonyms', () => {
  it('folds width, case, BOMs and separators before comparing', () => {
    expect(normalizeHeader('\uFEFF\uFEFFＣｕｓｔｏｍｅｒ＿ＩＤ')).toBe('customerid');
    expect(normalizeHeader('注文日時（JST）')).toBe('注文日時jst');
    expect(normalizeHeader('Order-No.')).toBe('orderno');
  });

  it.each([
    ['注文ID', 'order_id'], ['注文番号', 'order_id'], ['受注コード', 'order_id'], ['受注番号', 'order_id'],
    ['受注日', 'order_date'], ['注文日時', 'order_date'], ['日付', 'order_date'], ['注文日時(JST)', 'order_date'],
    ['注文時間', 'order_time'], ['金額', 'amount'], ['売上', 'amount'], ['合計金額', 'amount'], ['支払合計', 'amount'],
    ['ステータス', 'status'], ['受注ステータス', 'status'], ['対応状況', 'status'], ['返金額', 'refund'],
    ['ポイント利用額', 'points_used'], ['使用ポイント', 'points_used'], ['今回獲得ポイント', 'points_earned'], ['加算ポイント', 'points_earned'],
    ['会員番号', 'customer_id'], ['会員ID', 'customer_id'], ['誕生日', 'birthday'], ['生年月日', 'birthday'], ['入会日', 'member_since'],
    ['推奨度', 'score'], ['メールアドレス', 'email'], ['注文者 メールアドレス', 'email'], ['注文者電話番号', 'phone'],
    ['注文者 氏名', 'name'], ['都道府県', 'region'], ['性別', 'gender'], ['会員ランク', 'tier'],
    ['Customer ID', 'customer_id'], ['Order Date', 'order_date'], ['Total', 'amount'], ['Refund Amount', 'refund'],
    ['Financial Status', 'status'], ['E-mail', 'email'], ['Phone Number', 'phone'], ['Likelihood to recommend', 'score'],
    ['household_id', 'customer_id'], ['transaction_timestamp', 'order_date'], ['sales_value', 'amount'], ['basket_id', 'order_id'],
    ['備考', null], ['商品名', null], ['', null]
  ] as const)('%s → %s', (header, role) => {
    expect(roleFromHeader(header)).toBe(role);
  });
});

describe('proposeRoles on real export layouts', () => {
  it('EC-CUBE order CSV: the order total, not the subtotal, is the amount', () => {
    const headers = ['注文ID', '注文番号', '会員ID', 'お名前(姓)', 'お名前(名)', 'メールアドレス', '電話番号', '都道府県', '性別', '誕生日',
      '小計', '値引き', '送料', '手数料', '税', '合計', '支払合計', '使用ポイント', '加算ポイント', '対応状況', '注文日', '入金日', '発送日'];
    const row = ['1', '1001', '5', '山田', '太郎', 'a@example.jp', '090-1111-2222', '東京都', '男性', '1980-01-01',
      '3000', '0', '500', '0', '300', '3800', '3700', '100', '38', '発送済み', '2024-03-05 10:33:09', '2024-03-05', '2024-03-06'];
    const roles = rolesOf(headers, row);
    expect(roles).toMatchObject({
      注文ID: 'order_id', 注文番号: 'ignore', 会員ID: 'customer_id', メールアドレス: 'email', 電話番号: 'phone', 都道府県: 'region',
      性別: 'gender', 誕生日: 'birthday', 小計: 'ignore', 合計: 'amount', 支払合計: 'ignore', 使用ポイント: 'points_used',
      加算ポイント: 'points_earned', 対応状況: 'status', 注文日: 'order_date', 入金日: 'ignore', 発送日: 'ignore'
    });
  });

  it('a header match beats a column that only looks like dates', () => {
    // 入金日 (payment date) comes first and is all dates; 注文日 is named. The order date is 注文日.
    const roles = rolesOf(['入金日', '注文日', '会員番号', '金額'], ['2024-03-06', '2024-03-05', 'M1', '100']);
    expect(roles).toEqual({ 入金日: 'ignore', 注文日: 'order_date', 会員番号: 'customer_id', 金額: 'amount' });
  });

  it('MakeShop / futureshop style guest exports: identity by e-mail or name + phone', () => {
    const makeshop = proposeRoles(['注文番号', '注文日時', '注文者名', '注文者メールアドレス', '注文者電話番号', '決済金額'],
      [['M-1', '2024/03/05 10:00', '山田 太郎', 'YAMADA@example.jp', '090-1111-2222', '1200']]);
    expect(makeshop.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'name', 'email', 'phone', 'amount']);
    expect(makeshop.identity).toBe('email');
    expect(makeshop.kind).toBe('orders');
    const futureshop = proposeRoles(['受注コード', '受注日時', '注文者 氏名', '注文者 電話番号', '合計金額'],
      [['F-1', '2024/03/05 10:00', '山田 太郎', '090-1111-2222', '1200']]);
    expect(futureshop.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'name', 'phone', 'amount']);
    expect(futureshop.identity).toBe('name_phone');
  });

  it('楽天-style split date and time columns', () => {
    const p = proposeRoles(['受注番号', '日付', '注文時間', '会員番号', '合計金額', 'ステータス', '返金額', 'ポイント利用額', '今回獲得ポイント'],
      [['R-1', '2024/03/05', '103309', 'M1', '1200', '発送済み', '0', '0', '12']]);
    expect(p.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'order_time', 'customer_id', 'amount', 'status', 'refund', 'points_used', 'points_earned']);
    expect(p.kind).toBe('orders');
  });

  it('English headers (Shopify-like): Total over Subtotal', () => {
    const roles = rolesOf(['Name', 'Email', 'Financial Status', 'Paid at', 'Subtotal', 'Shipping', 'Taxes', 'Total', 'Discount Code', 'Created at', 'Refunded Amount', 'Phone'],
      ['#1001', 'a@example.com', 'paid', '2024-03-05 10:00:00 +0900', '1000', '0', '100', '1100', 'WELCOME', '2024-03-05 09:59:00 +0900', '0', '+81 90-1111-2222']);
    expect(roles).toMatchObject({ Email: 'email', 'Financial Status': 'status', Subtotal: 'ignore', Total: 'amount', 'Discount Code': 'coupon', 'Refunded Amount': 'refund', Phone: 'phone' });
  });

  it('a customer master (members with birthday and join date)', () => {
    const p = proposeRoles(['会員番号', '氏名', '誕生日', '入会日', '会員ランク', '都道府県'], [['M1', '山田', '1980/1/2', '2020/4/1', 'ゴールド', '東京都']]);
    expect(p.columns.map((c) => c.role)).toEqual(['customer_id', 'name', 'birthday', 'member_since', 'tier', 'region']);
    expect(p.kind).toBe('customers');
  });

  it('a survey: dates become response dates and the scale follows the answers', () => {
    const nps = proposeRoles(['回答日時', '会員番号', '推奨度', '理由'], [['2024/3/5 10:00', 'M1', '0', '高い'], ['2024/3/6 11:00', 'M2', '10', '']]);
    expect(nps.columns.map((c) => c.role)).toEqual(['response_date', 'customer_id', 'score', 'comment']);
    expect(nps.kind).toBe('responses');
    expect(nps.scoreScale).toBe('0-10');
    const plainDate = proposeRoles(['date', 'customer_id', 'rating'], [['2024-03-05', 'C1', '4'], ['2024-03-06', 'C2', '1'], ['2024-03-07', 'C3', '5']]);
    expect(plainDate.columns.map((c) => c.role)).toEqual(['response_date', 'customer_id', 'score']);
    expect(plainDate.scoreScale).toBe('1-5');
  });
});

describe('scales and date orders', () => {
  it('detectScoreScale', () => {
    expect(detectScoreScale(['1', '2', '3', '4', '5']).scale).toBe('1-5');
    expect(detectScoreScale(['０', '７', '１０']).scale).toBe('0-10');
    expect(detectScoreScale(['1', '6', '9']).scale).toBe('0-10');
    // A 0–10 NPS sample often has no 0 at all: 1–10 comes only from a header (ingest-scores.test.ts).
    expect(detectScoreScale(Array.from({ length: 60 }, (_, i) => String(1 + (i % 10)))).scale).toBe('0-10');
    expect(detectScoreScale([]).scale).toBe('0-10');
  });

  it('detectDateOrder: a part above 12 decides, otherwise the user is asked', () => {
    expect(detectDateOrder(['03/04/2024', '12/11/2024'])).toEqual({ order: 'mdy', ambiguous: true });
    expect(detectDateOrder(['03/04/2024', '13/04/2024'])).toEqual({ order: 'dmy', ambiguous: false });
    expect(detectDateOrder(['03/04/2024', '04/25/2024'])).toEqual({ order: 'mdy', ambiguous: false });
    expect(detectDateOrder(['2024/03/04', '2024/12/11'])).toEqual({ order: 'ymd', ambiguous: false });
    expect(detectDateOrder(['2024年3月4日'])).toEqual({ order: 'ymd', ambiguous: false });
    // Two-digit years: 24/03/05 may be year-first (Japanese short form) or day-first.
    expect(detectDateOrder(['24/03/05', '24/03/06'])).toEqual({ order: 'dmy', ambiguous: true });
    expect(detectDateOrder(['03/25/24'])).toEqual({ order: 'mdy', ambiguous: false });
    // Contradictory evidence (13/01 and 01/13 both present) is not a decision.
    expect(detectDateOrder(['13/01/2024', '01/13/2024'])).toEqual({ order: 'mdy', ambiguous: true });
  });
});

describe('the files behind these proposals, through DuckDB', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());

  it('100-knocks customer.csv: member_since from YYYYMMDD application_date, birthday from birth_day', async () => {
    const plan = (await inspectFile(db, sharedFile('jds-100knocks-jp/customer.csv'), 0)).plan!;
    const roles = Object.fromEntries(plan.columns.map((c) => [c.label, c.role]));
    expect(roles).toMatchObject({
      customer_id: 'customer_id', customer_name: 'name', gender_cd: 'ignore', gender: 'gender', birth_day: 'birthday',
      age: 'age_band', postal_cd: 'ignore', address: 'ignore', application_store_cd: 'ignore', application_date: 'member_since'
    });
    expect(plan.kind).toBe('customers');
    expect(plan.dateOrderAmbiguous).toBe(false);
    expect(planProblems(plan)).toEqual([]);
    const report = await loadDataset(db, [plan], TODAY);
    expect(report.files[0]).toMatchObject({ dataRows: 21_971, loaded: 21_971, rejected: 0, warnings: 0 });
    expect(report.customers).toEqual({ rows: 21_971, members: 21_971 });
    const c = firstRow(await db.query(`SELECT strftime(member_since, '%Y-%m-%d') AS m, strftime(birthday, '%Y-%m-%d') AS b, gender, age_band, is_member
      FROM customers WHERE customer_id = 'CS021313000114'`));
    expect(c).toEqual({ m: '2015-09-05', b: '1981-04-29', gender: '女性', age_band: '37', is_member: true });
    const range = firstRow(await db.query(`SELECT strftime(min(member_since), '%Y-%m-%d') AS lo, strftime(max(member_since), '%Y-%m-%d') AS hi FROM customers`));
    expect(range).toEqual({ lo: '2013-12-03', hi: '2019-03-25' });
  });

  it('a survey file loads as responses on its scale, rejecting answers outside it', async () => {
    const text = '回答日時,会員番号,推奨度,理由\n2024/3/5 10:00,M1,10,とても良い\n2024/3/6 11:00,M2,0,\n2024/3/7 12:00,M3,11,範囲外\n2024/3/8 13:00,,7.5,小数\n';
    const plan = (await inspectFile(db, textFile('nps.csv', text), 0)).plan!;
    expect(plan.kind).toBe('responses');
    expect(plan.scoreScale).toBe('0-10');
    const report = await loadDataset(db, [plan], TODAY);
    expect(report.files[0]).toMatchObject({ dataRows: 4, loaded: 2, rejected: 2 });
    expect(report.responses).toEqual({ rows: 2 });
    expect(toRows(await db.query(`SELECT customer_id, strftime(response_date, '%Y-%m-%d %H:%M') AS t, score, scale, comment FROM responses ORDER BY t`))).toEqual([
      { customer_id: 'M1', t: '2024-03-05 10:00', score: 10, scale: '0-10', comment: 'とても良い' },
      { customer_id: 'M2', t: '2024-03-06 11:00', score: 0, scale: '0-10', comment: null }
    ]);
    expect(toRows(await db.query(`SELECT line, "column", reason, value FROM load_issues ORDER BY line`))).toEqual([
      { line: 4, column: '推奨度', reason: 'score_out_of_range', value: '11' },
      { line: 5, column: '推奨度', reason: 'score_out_of_range', value: '7.5' }
    ]);
  });

  it('a 1–5 satisfaction survey is detected as 1–5 and a 0 is rejected', async () => {
    const text = 'date,customer_id,rating\n2024-03-05,C1,5\n2024-03-06,C2,1\n2024-03-07,C3,3\n';
    const plan = (await inspectFile(db, textFile('csat.csv', text), 0)).plan!;
    expect(plan.scoreScale).toBe('1-5');
    expect(plan.columns.map((c) => c.role)).toEqual(['response_date', 'customer_id', 'score']);
    const report = await loadDataset(db, [plan], TODAY);
    expect(report.files[0]).toMatchObject({ dataRows: 3, loaded: 3, rejected: 0 });
    expect(firstRow(await db.query(`SELECT min(score) AS lo, max(score) AS hi, any_value(scale) AS s FROM responses`))).toEqual({ lo: 1, hi: 5, s: '1-5' });
  });
});
