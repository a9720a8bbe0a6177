import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { textFile } from '../helpers/files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { detectDecimalMark } from '../../src/lib/ingest/decimal';
import { loadDataset, type LoadReport } from '../../src/lib/ingest/load';
import { toRows } from '../../src/lib/engine/types';
import type { DateOrder, FilePlan } from '../../src/lib/ingest/types';

const TODAY = { today: '2026-11-23' };

// Typed values are checked in the canonical tables after a real load, so the SQL that the app
// runs (fast path, slow path, checks) is what is tested.
describe('value normalisation through a load', () => {
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

  async function load(p: FilePlan | FilePlan[]): Promise<LoadReport> {
    return loadDataset(db, Array.isArray(p) ? p : [p], TODAY);
  }

  const orderRows = async () =>
    Object.fromEntries(
      toRows<{ order_id: string; t: string | null; amount: number }>(
        await db.query(`SELECT order_id, strftime(order_date, '%Y-%m-%d %H:%M:%S') AS t, amount FROM orders`)
      ).map((r) => [r.order_id, [r.t, r.amount]])
    );

  it('reads the money and date spellings of Japanese exports and spreadsheets', async () => {
    const text = [
      'order_id,customer_id,order_date,amount',
      'N01,C1,2024/3/5,１２００',
      'N02,C1,2024年3月5日,"¥1,234"',
      'N03,C1,2024-03-05T10:00:00+09:00,"1,234円"',
      'N04,C1,20240305,△300',
      'N05,C1,45356,(300)',
      'N06,C1,2024-03-05 10:00,"\\1,234"',
      'N07,C1,２０２４/３/５,"１，２００円"',
      'N08,C1,2024.3.5,-50',
      'N09,C1,2024年3月5日 9時,"(¥300)"',
      'N10,C1,45356.5,▲1',
      'N11,C1,2024-03-05T10:00:00Z,"$12.50"',
      'N12,C1,2024/03/05 23:59:59,"1,234,567.89"',
      'N13,C1,20240305103309,1e3'
    ].join('\n') + '\n';
    const p = await plan('spellings.csv', text);
    expect(p.columns.map((c) => c.role)).toEqual(['order_id', 'customer_id', 'order_date', 'amount']);
    const report = await load(p);
    const issues = toRows(await db.query(`SELECT line, "column", reason, value FROM load_issues ORDER BY line`));
    // 2024年3月5日 9時 has an hour mark that is not a date spelling the loader knows: reported, not guessed.
    expect(issues).toEqual([{ line: 10, column: 'order_date', reason: 'invalid_date', value: '2024年3月5日 9時' }]);
    expect(report.files[0]).toMatchObject({ dataRows: 13, loaded: 12, rejected: 1 });
    const rows = await orderRows();
    expect(rows).toEqual({
      N01: ['2024-03-05 00:00:00', 1200],
      N02: ['2024-03-05 00:00:00', 1234],
      // The offset is dropped: the wall clock of the export (10:00) is kept, not 01:00 UTC.
      N03: ['2024-03-05 10:00:00', 1234],
      N04: ['2024-03-05 00:00:00', -300],
      N05: ['2024-03-05 00:00:00', -300],
      N06: ['2024-03-05 10:00:00', 1234],
      N07: ['2024-03-05 00:00:00', 1200],
      N08: ['2024-03-05 00:00:00', -50],
      N10: ['2024-03-05 12:00:00', -1],
      N11: ['2024-03-05 10:00:00', 12.5],
      N12: ['2024-03-05 23:59:59', 1234567.89],
      N13: ['2024-03-05 10:33:09', 1000]
    });
  });

  it('reads Excel’s text guard ="00123" as the text inside it: ids keep their zeros and meet the same ids written plainly', async () => {
    const orders = 'order_id,customer_id,order_date,amount\n="A1",="00123",="2024-03-05","=""1,200"""\nA2,00123,2024-03-06,="800"\nA3,="",2024-03-07,5\nA4,=1+1,2024-03-08,6\n';
    const customers = 'customer_id,tier\n="00123",Gold\n';
    const report = await load([await plan('guarded.csv', orders), await plan('members.csv', customers, 1)]);
    expect(report.files.map((f) => [f.loaded, f.rejected])).toEqual([[4, 0], [1, 0]]);
    expect(await orderRows()).toEqual({ A1: ['2024-03-05 00:00:00', 1200], A2: ['2024-03-06 00:00:00', 800], A3: ['2024-03-07 00:00:00', 5], A4: ['2024-03-08 00:00:00', 6] });
    // One customer (the guarded and the plain id), a guest (="" is empty), and a formula kept as written.
    expect(toRows(await db.query(`SELECT customer_id, tier FROM customers ORDER BY 1`))).toEqual([
      { customer_id: '00123', tier: 'Gold' },
      { customer_id: '=1+1', tier: null }
    ]);
    expect(report.orders).toMatchObject({ customers: 2, withoutCustomer: { rows: 1 } });
  });

  it('reads a file’s numbers with its decimal mark: 1.234,56 files by comma, asked when the numbers cannot tell', async () => {
    expect(detectDecimalMark(['1.200,50', '12,5', '800'])).toEqual({ mark: ',', ambiguous: false });
    expect(detectDecimalMark(['1,200.50', '12.5', '800'])).toEqual({ mark: '.', ambiguous: false });
    expect(detectDecimalMark(['1,200', '15,000', '800', '¥1,234'])).toEqual({ mark: '.', ambiguous: false });
    expect(detectDecimalMark(['1.200', '15.000', '800'])).toEqual({ mark: '.', ambiguous: true });
    expect(detectDecimalMark(['1.200', '12.5'])).toEqual({ mark: '.', ambiguous: false });
    expect(detectDecimalMark(['€ 1.234.567', '-3,5', '(0,99)'])).toEqual({ mark: ',', ambiguous: false });
    // Both marks' decimals in one file: the point stands, and the comma's values are refused.
    expect(detectDecimalMark(['1.200,50', '1,200.50'])).toEqual({ mark: '.', ambiguous: false });

    const eu = 'order_id,customer_id,order_date,amount\nE1,C1,2024-03-05,"1.200,50"\nE2,C1,2024-03-05,"12,5"\nE3,C1,2024-03-05,1.000\nE4,C1,2024-03-05,"-3,5"\nE5,C1,2024-03-05,€ 99\n';
    const p = await plan('eu.csv', eu);
    expect([p.decimalMark, p.decimalMarkAmbiguous]).toEqual([',', false]);
    const report = await load(p);
    expect(report.files[0]).toMatchObject({ dataRows: 5, loaded: 5, rejected: 0 });
    expect(Object.fromEntries(Object.entries(await orderRows()).map(([k, v]) => [k, v[1]]))).toEqual({ E1: 1200.5, E2: 12.5, E3: 1000, E4: -3.5, E5: 99 });

    // Only 1.200-like numbers: the plan asks, and reads them as the user says.
    const thousands = await plan('eu-int.csv', 'order_id,customer_id,order_date,amount\nT1,C1,2024-03-05,1.200\nT2,C1,2024-03-05,15.000\nT3,C1,2024-03-05,800\n');
    expect([thousands.decimalMark, thousands.decimalMarkAmbiguous]).toEqual(['.', true]);
    thousands.decimalMark = ',';
    expect((await load(thousands)).orders?.revenue).toBe(17_000);
    // A point file says nothing of decimals.
    const plain = await plan('jp.csv', 'order_id,customer_id,order_date,amount\nJ1,C1,2024-03-05,"1,200"\nJ2,C1,2024-03-05,12.5\n');
    expect([plain.decimalMark, plain.decimalMarkAmbiguous]).toEqual([undefined, undefined]);
    expect((await load(plain)).orders?.revenue).toBe(1212.5);
  });

  it('refuses numbers it would otherwise read wrongly, and says so', async () => {
    const text = [
      'order_id,customer_id,order_date,amount',
      'B1,C1,2024-03-05,"12,50"', // a decimal comma in a file of decimal points (B8): not ¥1,250
      'B2,C1,2024-03-05,NaN',
      'B3,C1,2024-03-05,Infinity',
      'B4,C1,2024-03-05,12-34',
      'B5,C1,2024-03-05,"1,234円(税込)"',
      'B6,C1,2024-03-05,¥',
      'B7,C1,2024-03-05,100',
      'B8,C1,2024-03-05,0.5'
    ].join('\n') + '\n';
    const report = await load(await plan('bad-numbers.csv', text));
    expect(report.files[0]).toMatchObject({ dataRows: 8, loaded: 2, rejected: 6 });
    expect(toRows(await db.query(`SELECT line, reason, value FROM load_issues ORDER BY line`))).toEqual([
      { line: 2, reason: 'invalid_number', value: '12,50' },
      { line: 3, reason: 'invalid_number', value: 'NaN' },
      { line: 4, reason: 'invalid_number', value: 'Infinity' },
      { line: 5, reason: 'invalid_number', value: '12-34' },
      { line: 6, reason: 'invalid_number', value: '1,234円(税込)' },
      { line: 7, reason: 'invalid_number', value: '¥' }
    ]);
    expect(await orderRows()).toEqual({ B7: ['2024-03-05 00:00:00', 100], B8: ['2024-03-05 00:00:00', 0.5] });
  });

  it('refuses dates that do not exist or are implausible', async () => {
    const text = 'order_id,customer_id,order_date,amount\nD1,C1,2024-02-30,1\nD2,C1,1899-12-31,1\nD3,C1,2100-01-01,1\nD4,C1,Mar 5 2024,1\nD5,C1,,1\nD6,C1,2024-02-29,1\n';
    const report = await load(await plan('bad-dates.csv', text));
    expect(report.files[0]).toMatchObject({ dataRows: 6, loaded: 1, rejected: 5 });
    expect(toRows(await db.query(`SELECT line, reason, value FROM load_issues ORDER BY line`))).toEqual([
      { line: 2, reason: 'invalid_date', value: '2024-02-30' },
      { line: 3, reason: 'implausible_date', value: '1899-12-31' },
      { line: 4, reason: 'implausible_date', value: '2100-01-01' },
      { line: 5, reason: 'invalid_date', value: 'Mar 5 2024' },
      { line: 6, reason: 'empty', value: null }
    ]);
  });

  it('asks for the order of 03/04/2024 and reads it as the user says', async () => {
    const text = 'order_id,customer_id,order_date,amount\nS1,C1,03/04/2024,1\nS2,C1,12/11/2024 10:05,1\nS3,C1,3/4/24,1\n';
    const p = await plan('slash.csv', text);
    expect(p.dateOrderAmbiguous).toBe(true);
    expect(p.dateOrder).toBe('mdy');
    const read = async (dateOrder: DateOrder) => {
      const report = await load({ ...p, dateOrder });
      return { report, rows: await orderRows() };
    };
    const mdy = await read('mdy');
    expect(mdy.report.files[0]).toMatchObject({ loaded: 3, rejected: 0 });
    expect(mdy.rows).toEqual({ S1: ['2024-03-04 00:00:00', 1], S2: ['2024-12-11 10:05:00', 1], S3: ['2024-03-04 00:00:00', 1] });
    const dmy = await read('dmy');
    expect(dmy.report.files[0]).toMatchObject({ loaded: 3, rejected: 0 });
    expect(dmy.rows).toEqual({ S1: ['2024-04-03 00:00:00', 1], S2: ['2024-11-12 10:05:00', 1], S3: ['2024-04-03 00:00:00', 1] });
    // Year first does not read day-month-year text: every row is reported instead of guessed.
    const ymd = await read('ymd');
    expect(ymd.report.files[0]).toMatchObject({ loaded: 0, rejected: 3 });
  });

  it('settles the order from the data when a day is above 12', async () => {
    const p = await plan('uk.csv', 'order_id,customer_id,order_date,amount\nU1,C1,03/04/2024,1\nU2,C1,25/12/2024,1\n');
    expect(p).toMatchObject({ dateOrder: 'dmy', dateOrderAmbiguous: false });
    await load(p);
    expect(await orderRows()).toEqual({ U1: ['2024-04-03 00:00:00', 1], U2: ['2024-12-25 00:00:00', 1] });
  });

  it('reads a Japanese short year-first date once the user picks year-first', async () => {
    const p = await plan('jp-short.csv', 'order_id,customer_id,order_date,amount\nY1,C1,24/03/05,1\nY2,C1,99/12/31 23:00,1\n');
    expect(p).toMatchObject({ dateOrder: 'dmy', dateOrderAmbiguous: true });
    await load({ ...p, dateOrder: 'ymd' });
    expect(await orderRows()).toEqual({ Y1: ['2024-03-05 00:00:00', 1], Y2: ['1999-12-31 23:00:00', 1] });
  });

  it('types customer attributes, and a bad optional value is a warning that keeps the row', async () => {
    const text = [
      '会員番号,誕生日,入会日,会員ランク,性別',
      'Ｍ0001,1980/1/2,2020年4月1日,ゴールド,女性',
      'M0002,19751231,20200401,シルバー,男性',
      'M0003,99/99/99,43922,,',
      'M0004,,,ブロンズ,'
    ].join('\n') + '\n';
    const p = await plan('members.csv', text);
    expect(p.kind).toBe('customers');
    const report = await load(p);
    expect(report.files[0]).toMatchObject({ dataRows: 4, loaded: 4, rejected: 0, warnings: 1 });
    expect(toRows(await db.query(`SELECT line, "column", reason, value, severity FROM load_issues`))).toEqual([
      { line: 4, column: '誕生日', reason: 'invalid_date', value: '99/99/99', severity: 'warning' }
    ]);
    expect(toRows(await db.query(`SELECT customer_id, strftime(birthday, '%Y-%m-%d') AS b, strftime(member_since, '%Y-%m-%d') AS m, tier, gender, is_member
      FROM customers ORDER BY customer_id`))).toEqual([
      // Full-width ids are folded, so Ｍ0001 here is M0001 in an orders file.
      { customer_id: 'M0001', b: '1980-01-02', m: '2020-04-01', tier: 'ゴールド', gender: '女性', is_member: true },
      { customer_id: 'M0002', b: '1975-12-31', m: '2020-04-01', tier: 'シルバー', gender: '男性', is_member: true },
      { customer_id: 'M0003', b: null, m: '2020-04-01', tier: null, gender: null, is_member: true },
      { customer_id: 'M0004', b: null, m: null, tier: 'ブロンズ', gender: null, is_member: false }
    ]);
  });

  it('reads full-width survey scores and time-of-day columns', async () => {
    const survey = await plan('nps.csv', '回答日,推奨度\n2024/3/5,１０\n2024/3/6,０\n2024/3/7,７\n');
    expect(survey.kind).toBe('responses');
    await load(survey);
    expect(toRows(await db.query(`SELECT score FROM responses ORDER BY response_date`)).map((r) => r.score)).toEqual([10, 0, 7]);

    const text = '注文番号,日付,注文時間,会員番号,金額\nT1,2024/3/5,103309,M1,1\nT2,2024/3/5,93309,M1,1\nT3,2024/3/5,10:33,M1,1\nT4,2024/3/5,１０：３３：０９,M1,1\nT5,2024/3/5,25:61:00,M1,1\nT6,2024/3/5,,M1,1\nT7,2024/3/5,1033,M1,1\nT8,2024/3/5,933,M1,1\n';
    const orders = await plan('split-time.csv', text);
    expect(orders.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'order_time', 'customer_id', 'amount']);
    const report = await load(orders);
    expect(report.files[0]).toMatchObject({ dataRows: 8, loaded: 8, rejected: 0, warnings: 1 });
    // Five or six digits are HMMSS / HHMMSS; three or four are HMM / HHMM (POS exports).
    expect(await orderRows()).toEqual({
      T1: ['2024-03-05 10:33:09', 1], T2: ['2024-03-05 09:33:09', 1], T3: ['2024-03-05 10:33:00', 1],
      T4: ['2024-03-05 10:33:09', 1], T5: ['2024-03-05 00:00:00', 1], T6: ['2024-03-05 00:00:00', 1],
      T7: ['2024-03-05 10:33:00', 1], T8: ['2024-03-05 09:33:00', 1]
    });
    expect(toRows(await db.query(`SELECT line, "column", reason, value, severity FROM load_issues`))).toEqual([
      { line: 6, column: '注文時間', reason: 'invalid_date', value: '25:61:00', severity: 'warning' }
    ]);

    // A date column that already carries the time is not shifted again by the time column.
    const both = await plan('both.csv', '注文番号,注文日時,注文時間,会員番号,金額\nW1,2024/3/5 10:33:09,103309,M1,1\nW2,2024/3/5,103309,M1,1\n');
    expect(both.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'order_time', 'customer_id', 'amount']);
    await load(both);
    expect(await orderRows()).toEqual({ W1: ['2024-03-05 10:33:09', 1], W2: ['2024-03-05 10:33:09', 1] });
  });
});
