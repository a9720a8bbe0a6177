/**
 * Survey scores, wherever they are: their scale (from the answers and the header, with a reason
 * the mapping screen can say), survey files whose bad answers are rejected line by line, and
 * orders and customers files whose answers load beside the rows that carry them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { textFile } from '../helpers/files';
import { detectScoreScale, fileKind, proposeRoles, scaleHint } from '../../src/lib/ingest/roles';
import { inspectFile, planProblems } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { toRows } from '../../src/lib/engine/types';
import type { FilePlan, Role } from '../../src/lib/ingest/types';

const TODAY = { today: '2026-11-23' };

describe('score scale from the answers', () => {
  it.each([
    // answers, scale, reason
    [['0', '7', '10', '3'], '0-10', { code: 'values', lo: 0, hi: 10 }],
    [['', ' ', '０', '８', 'わからない'], '0-10', { code: 'values', lo: 0, hi: 8, offScale: 'わからない' }],
    [['1', '2', '', '5', '-'], '1-5', { code: 'values', lo: 1, hi: 5, offScale: '-' }],
    [['３', '４', '４'], '1-5', { code: 'values', lo: 3, hi: 4 }],
    [['1', '6', '3'], '1-7', { code: 'values', lo: 1, hi: 6 }],
    [['7', '1', 'N/A'], '1-7', { code: 'values', lo: 1, hi: 7, offScale: 'N/A' }],
    // Up to 8–10 without a 0 is still NPS: 1–10 needs a header that says so.
    [['1', '6', '9'], '0-10', { code: 'values_no_zero', lo: 1, hi: 9 }],
    [['１０', '8', '', '9'], '0-10', { code: 'values_no_zero', lo: 8, hi: 10 }],
    // Answers on no scale do not move it; they are named for the load to report.
    [['1', '5', '99', '4.5'], '1-5', { code: 'values', lo: 1, hi: 5, offScale: '99' }],
    [[], '0-10', { code: 'none' }],
    [['', 'n/a'], '0-10', { code: 'none', offScale: 'n/a' }]
  ])('%j → %s', (answers, scale, reason) => {
    expect(detectScoreScale(answers, 'score')).toEqual({ scale, ...reason });
    // A header-less file has nothing else to go by.
    expect(detectScoreScale(answers, '').scale).toBe(scale);
  });
});

describe('score scale from the header', () => {
  it.each([
    ['満足度(5段階)', ['1-5']], ['満足度（１〜５）', ['1-5']], ['Satisfaction (1-5)', ['1-5']], ['5点満点', ['1-5']],
    ['総合評価 1～7', ['1-7']], ['7-point scale', ['1-7']], ['評価(10段階)', ['1-10']], ['Score out of 10', ['1-10', '0-10']],
    ['推奨度(0〜10)', ['0-10']], ['NPS', ['0-10']], ['11段階', ['0-10']], ['おすすめ度', ['0-10']],
    ['How likely are you to recommend us?', ['0-10']], ['★の数', ['1-5']], ['Stars', ['1-5']], ['星評価', ['1-5']],
    ['満足度', ['1-5', '1-7', '1-10', '0-10']], ['CSAT', ['1-5', '1-7', '1-10', '0-10']],
    ['Review rating', ['1-5', '1-7', '1-10', '0-10']], ['レビュー', ['1-5', '1-7', '1-10', '0-10']],
    ['score', null], ['スコア', null], ['', null]
  ])('%s → %j', (header, scales) => {
    expect(scaleHint(header)?.scales ?? null).toEqual(scales);
  });

  it('a header that states its scale decides, and says so', () => {
    expect(detectScoreScale(['1', '3', '', '2'], '満足度(5段階)')).toEqual({ code: 'header', scale: '1-5', header: '満足度(5段階)' });
    expect(detectScoreScale([], '評価(10段階)')).toEqual({ code: 'header', scale: '1-10', header: '評価(10段階)' });
    expect(detectScoreScale(['1', '10', '7'], '評価(10段階)')).toEqual({ code: 'header', scale: '1-10', header: '評価(10段階)' });
    // Against an answer off it, a stated scale stands: that answer is reported, not the scale moved.
    expect(detectScoreScale(['5', '0', '4'], '満足度(5段階)')).toEqual({ code: 'header', scale: '1-5', header: '満足度(5段階)', offScale: '0' });
    // A stated 1–7 over answers seen only 1–5 is still 1–7, and the user is told what was seen.
    expect(detectScoreScale(['1', '5'], '満足度 1〜7')).toEqual({ code: 'header_narrow', scale: '1-7', header: '満足度 1〜7', lo: 1, hi: 5 });
  });

  it('an NPS question is 0–10 even when the answers seen are all 1–5', () => {
    expect(detectScoreScale(['1', '4', '5', '3'], 'NPS')).toEqual({ code: 'header_narrow', scale: '0-10', header: 'NPS', lo: 1, hi: 5 });
    expect(detectScoreScale(['１', '９', '10'], '推奨度(0〜10)')).toEqual({ code: 'header', scale: '0-10', header: '推奨度(0〜10)' });
    expect(detectScoreScale(['3', '9'], 'Likelihood to recommend').scale).toBe('0-10');
  });

  it('a rating or satisfaction header lets the answers pick among its scales', () => {
    expect(detectScoreScale(['4', '1', '5'], 'rating')).toEqual({ code: 'header_values', scale: '1-5', header: 'rating', lo: 1, hi: 5 });
    expect(detectScoreScale(['2', '7', '6'], '満足度')).toEqual({ code: 'header_values', scale: '1-7', header: '満足度', lo: 2, hi: 7 });
    // Up to 10 without a 0: a rating is 1–10 where a bare score would be NPS.
    expect(detectScoreScale(['1', '8', '', 'x'], 'レビュー評価')).toEqual({ code: 'header_values', scale: '1-10', header: 'レビュー評価', lo: 1, hi: 8, offScale: 'x' });
    expect(detectScoreScale(['0', '8'], 'Review score').scale).toBe('0-10');
    expect(detectScoreScale(['0', '10'], '10点満点')).toEqual({ code: 'header_values', scale: '0-10', header: '10点満点', lo: 0, hi: 10 });
  });

  it('stars only suggest 1–5: answers beyond it overrule them, and the user is told', () => {
    expect(detectScoreScale(['1', '7'], '★')).toEqual({ code: 'values_over_header', scale: '1-7', header: '★', hinted: '1-5', lo: 1, hi: 7 });
  });

  it('the proposal carries the scale and its reason for the score column', () => {
    const p = proposeRoles(['回答日', '会員番号', '満足度(5段階)'], [['2024-03-01', 'M1', '4'], ['2024-03-02', 'M2', '５']]);
    expect(p.columns.map((c) => c.role)).toEqual(['response_date', 'customer_id', 'score']);
    expect(p.scoreScale).toBe('1-5');
    expect(p.scaleReason).toEqual({ code: 'header', scale: '1-5', header: '満足度(5段階)' });
  });
});

describe('which column is the score, and what kind of file it is in', () => {
  const rolesOf = (headers: string[], row: string[]) => proposeRoles(headers, [row]).columns.map((c) => c.role);

  it('recognises satisfaction, rating and review columns, but not a review’s date or text', () => {
    for (const h of ['満足度', '総合満足度(5段階)', 'CSAT', 'Satisfaction (1-5)', 'Rating (1-10)', 'レビュー評価', '★', 'Stars', 'おすすめ度(0〜10)']) {
      expect(rolesOf(['会員番号', h], ['M1', '4']), h).toEqual(['customer_id', 'score']);
    }
    expect(rolesOf(['注文番号', 'レビュー投稿日', 'レビューコメント', 'レビュー評価'], ['A1', '2024-03-01', '良い', '5'])).toEqual(['order_id', 'response_date', 'comment', 'score']);
    expect(rolesOf(['会員番号', 'Start date'], ['M1', '2024-03-01'])).toEqual(['customer_id', 'order_date']);
  });

  it.each<[string[], Role[], string]>([
    [['注文番号', '注文日', '会員番号', '金額', 'レビュー評価'], ['order_id', 'order_date', 'customer_id', 'amount', 'score'], 'orders'],
    // Unit prices make an orders file too: its date stays the order date.
    [['order_date', 'customer_id', 'price', 'rating'], ['order_date', 'customer_id', 'unit_price', 'score'], 'orders'],
    [['会員番号', '入会日', '会員ランク', 'NPS', 'NPS回答日'], ['customer_id', 'member_since', 'tier', 'score', 'response_date'], 'customers'],
    // Surveys ask for gender, age and region too: that does not make a customer master.
    [['回答日', '会員番号', '性別', '年代', '推奨度'], ['response_date', 'customer_id', 'gender', 'age_band', 'score'], 'responses'],
    [['date', 'email', 'rating'], ['response_date', 'email', 'score'], 'responses']
  ])('%j is %s', (headers, roles, kind) => {
    const row = headers.map((h) => (/date|日/i.test(h) ? '2024-03-01' : /mail/.test(h) ? 'a@example.com' : '4'));
    const p = proposeRoles(headers, [row]);
    expect(p.columns.map((c) => c.role)).toEqual(roles);
    expect(p.kind).toBe(kind);
    expect(fileKind(roles)).toBe(kind);
  });
});

describe('answers through DuckDB', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());

  async function plan(name: string, text: string, index = 0): Promise<FilePlan> {
    const ins = await inspectFile(db, textFile(name, text), index);
    expect(ins.problem).toBeUndefined();
    return ins.plan!;
  }
  const issues = async () =>
    toRows(await db.query(`SELECT file, line, "column", reason, value, severity FROM load_issues ORDER BY file, line, "column"`));
  const answers = async () =>
    toRows(await db.query(`SELECT customer_id, strftime(response_date, '%Y-%m-%d') AS d, score, scale, comment, source_file FROM responses ORDER BY d, customer_id`));

  it('a survey file rejects its bad answers, each with its line', async () => {
    const text = [
      '回答日,会員番号,満足度(5段階),コメント',
      '2024-03-01,M1,5,満足', //         line 2: loaded
      '2024-03-02,M2,,', //             line 3: no answer
      '2024-03-03,M3,わからない,', //    line 4: not a number
      '2024-03-04,M4,0,', //            line 5: off the stated 1–5
      '2024-03-05,M5,４,', //           line 6: loaded (full width)
      '2024-13-06,M6,3,' //             line 7: no such date
    ].join('\n') + '\n';
    const p = await plan('csat.csv', text);
    expect([p.kind, p.scoreScale, p.scaleReason]).toEqual(['responses', '1-5', { code: 'header', scale: '1-5', header: '満足度(5段階)', offScale: 'わからない' }]);
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ kind: 'responses', dataRows: 6, loaded: 2, rejected: 4, warnings: 0 });
    expect(report.responses).toEqual({ rows: 2 });
    expect(await answers()).toEqual([
      { customer_id: 'M1', d: '2024-03-01', score: 5, scale: '1-5', comment: '満足', source_file: 'csat.csv' },
      { customer_id: 'M5', d: '2024-03-05', score: 4, scale: '1-5', comment: null, source_file: 'csat.csv' }
    ]);
    expect(await issues()).toEqual([
      { file: 'csat.csv', line: 3, column: '満足度(5段階)', reason: 'empty', value: null, severity: 'rejected' },
      { file: 'csat.csv', line: 4, column: '満足度(5段階)', reason: 'invalid_number', value: 'わからない', severity: 'rejected' },
      { file: 'csat.csv', line: 5, column: '満足度(5段階)', reason: 'score_out_of_range', value: '0', severity: 'rejected' },
      { file: 'csat.csv', line: 7, column: '回答日', reason: 'invalid_date', value: '2024-13-06', severity: 'rejected' }
    ]);
  });

  it('an orders file with a review score keeps every order; rated orders are answers too, dated by the order', async () => {
    const text = [
      '注文番号,注文日,会員番号,金額,レビュー評価,レビューコメント',
      'A1,2024-03-01,M1,1000,5,とても良い', // line 2: an answer
      'A2,2024-03-02,M2,2000,,', //            line 3: not rated, no warning
      'A3,2024-03-03,M1,1500,12,', //          line 4: off the scale, a warning
      'A4,2024-03-04,M3,800,abc,', //          line 5: not a number, a warning
      'A5,2024-03-05,M2,1200,3,普通', //       line 6: an answer
      'A6,2024-13-06,M4,500,4,' //             line 7: the order is rejected, and so its answer
    ].join('\n') + '\n';
    const p = await plan('orders.csv', text);
    expect([p.kind, p.scoreScale, p.scaleReason?.code]).toEqual(['orders', '1-5', 'header_values']);
    expect(planProblems(p)).toEqual([]);
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ kind: 'orders', dataRows: 6, loaded: 5, rejected: 1, warnings: 2 });
    expect(report.orders).toMatchObject({ rows: 5, orders: 5, revenue: 6500 });
    expect(report.responses).toEqual({ rows: 2 });
    expect(await answers()).toEqual([
      { customer_id: 'M1', d: '2024-03-01', score: 5, scale: '1-5', comment: 'とても良い', source_file: 'orders.csv' },
      { customer_id: 'M2', d: '2024-03-05', score: 3, scale: '1-5', comment: '普通', source_file: 'orders.csv' }
    ]);
    expect(await issues()).toEqual([
      { file: 'orders.csv', line: 4, column: 'レビュー評価', reason: 'score_out_of_range', value: '12', severity: 'warning' },
      { file: 'orders.csv', line: 5, column: 'レビュー評価', reason: 'invalid_number', value: 'abc', severity: 'warning' },
      { file: 'orders.csv', line: 7, column: '注文日', reason: 'invalid_date', value: '2024-13-06', severity: 'rejected' }
    ]);
  });

  it('an orders file with its own answer date dates the answers by it; a rated order without one is a warning', async () => {
    const text = 'order_id,order_date,customer_id,total,rating,review_date\nO1,2024-01-05,C1,100,4,2024-01-20\nO2,2024-01-06,C2,200,5,\nO3,2024-01-07,C3,300,,\nO4,2024-01-08,C4,400,9,2024-02-01\n';
    const p = await plan('reviews.csv', text);
    expect(p.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'customer_id', 'amount', 'score', 'response_date']);
    expect([p.kind, p.scoreScale]).toEqual(['orders', '1-10']);
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ loaded: 4, rejected: 0, warnings: 1 });
    expect(report.orders?.orders).toBe(4);
    expect(await answers()).toEqual([
      { customer_id: 'C1', d: '2024-01-20', score: 4, scale: '1-10', comment: null, source_file: 'reviews.csv' },
      { customer_id: 'C4', d: '2024-02-01', score: 9, scale: '1-10', comment: null, source_file: 'reviews.csv' }
    ]);
    expect(await issues()).toEqual([{ file: 'reviews.csv', line: 3, column: 'review_date', reason: 'empty', value: null, severity: 'warning' }]);
  });

  it('a customers file with NPS and its answer date: every customer loads, the answers too', async () => {
    const text = '会員番号,入会日,会員ランク,NPS,NPS回答日\nM1,2023-01-01,Gold,9,2024-02-01\nM2,2023-02-01,Silver,,\nM3,2023-03-01,Gold,11,2024-02-03\nM4,2023-04-01,,７,2024-02-04\n';
    const p = await plan('members.csv', text);
    expect([p.kind, p.scoreScale, p.scaleReason]).toEqual(['customers', '0-10', { code: 'header', scale: '0-10', header: 'NPS', offScale: '11' }]);
    expect(planProblems(p)).toEqual([]);
    const report = await loadDataset(db, [p], TODAY);
    expect(report.files[0]).toMatchObject({ kind: 'customers', dataRows: 4, loaded: 4, rejected: 0, warnings: 1 });
    expect(report.customers).toEqual({ rows: 4, members: 4 });
    expect(report.responses).toEqual({ rows: 2 });
    expect(await answers()).toEqual([
      { customer_id: 'M1', d: '2024-02-01', score: 9, scale: '0-10', comment: null, source_file: 'members.csv' },
      { customer_id: 'M4', d: '2024-02-04', score: 7, scale: '0-10', comment: null, source_file: 'members.csv' }
    ]);
    expect(await issues()).toEqual([{ file: 'members.csv', line: 4, column: 'NPS', reason: 'score_out_of_range', value: '11', severity: 'warning' }]);
  });

  it('a customers file with a score but no answer date says the date is missing', async () => {
    const p = await plan('members.csv', '会員番号,入会日,NPS\nM1,2023-01-01,9\n');
    expect(p.kind).toBe('customers');
    expect(planProblems(p)).toEqual(['response_date']);
    p.columns[2].role = 'ignore';
    expect(planProblems(p)).toEqual([]);
  });

  it('a survey identified by e-mail alone meets the orders identified by e-mail', async () => {
    const orders = await plan('orders.csv', '注文番号,注文日,メールアドレス,金額\nA1,2024-03-01,Taro@Example.com,1000\nA2,2024-03-02,hanako@example.com ,2000\nA3,2024-03-03,,500\n', 0);
    const survey = await plan('survey.csv', '回答日,メールアドレス,推奨度\n2024/3/10, taro@example.COM ,9\n2024/3/11,HANAKO@example.com,6\n', 1);
    expect([orders.identity, survey.identity, survey.kind]).toEqual(['email', 'email', 'responses']);
    expect(planProblems(survey)).toEqual([]);
    const report = await loadDataset(db, [orders, survey], TODAY);
    expect(report.responses).toEqual({ rows: 2 });
    expect(toRows(await db.query(`SELECT r.customer_id, r.score, o.order_id FROM responses r JOIN orders o USING (customer_id) ORDER BY o.order_id`))).toEqual([
      { customer_id: 'taro@example.com', score: 9, order_id: 'A1' },
      { customer_id: 'hanako@example.com', score: 6, order_id: 'A2' }
    ]);
  });
});
