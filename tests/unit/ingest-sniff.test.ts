import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { sharedFile, textFile } from '../helpers/files';
import { sniff, splitRecords } from '../../src/lib/ingest/sniff';
import { inspectFile, planProblems } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { toRows } from '../../src/lib/engine/types';
import type { FilePlan } from '../../src/lib/ingest/types';

const TODAY = { today: '2026-11-23' };

describe('splitRecords (RFC 4180)', () => {
  it('keeps delimiters, doubled quotes and line breaks inside quoted fields', () => {
    const text = 'id,comment,amount\r\n1,"a, b",10\r\n2,"say ""hi""",20\r\n3,"two\r\nlines",30\r\n4,,40';
    expect(splitRecords(text, ',', 100)).toEqual([
      ['id', 'comment', 'amount'],
      ['1', 'a, b', '10'],
      ['2', 'say "hi"', '20'],
      ['3', 'two\r\nlines', '30'],
      ['4', '', '40']
    ]);
  });

  it('drops blank lines, never leaves a carriage return in a field, and stops at the limit', () => {
    expect(splitRecords('a,b\r\n\r\n1,2\r\n\n3,4\r\n', ',', 100)).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(splitRecords('a,b\n1,2\n3,4\n', ',', 2)).toEqual([['a', 'b'], ['1', '2']]);
    expect(splitRecords('a,b\r1,2\r', ',', 100)).toEqual([['a', 'b'], ['1', '2']]);
  });
});

describe('sniff', () => {
  const body = (d: string) => [['id', 'date', 'amount'], ['1', '2024-03-05', '1200'], ['2', '2024-03-06', '980'], ['3', '2024-03-07', '50']]
    .map((r) => r.join(d)).join('\n') + '\n';

  it.each([[','], ['\t'], [';'], ['|']] as const)('finds the delimiter %j', (d) => {
    const s = sniff(body(d));
    expect(s.delimiter).toBe(d);
    expect(s.hasHeader).toBe(true);
    expect(s.records[1]).toEqual(['1', '2024-03-05', '1200']);
  });

  it('prefers the consistent delimiter over one that appears inside values', () => {
    // Tab-separated with thousands separators; semicolon-separated with decimal commas.
    const tsv = 'id\tname\tamount\n1\tSato, K.\t1,200\n2\tIto\t980\n3\tMori, A.\t12,000\n';
    expect(sniff(tsv).delimiter).toBe('\t');
    const ssv = 'id;amount;comment\n1;12,50;ok\n2;3,20;fine, thanks\n3;7,00;\n';
    expect(sniff(ssv).delimiter).toBe(';');
    const quoted = 'id,comment,amount\n1,"a; b; c",10\n2,"x|y",20\n3,"p; q",30\n';
    expect(sniff(quoted).delimiter).toBe(',');
  });

  it('tells a header row from a first data row', () => {
    expect(sniff('注文番号,注文日,金額\nA1,2024/3/5,1200\n').hasHeader).toBe(true);
    expect(sniff('A1,2024/3/5,1200\nA2,2024/3/6,980\n').hasHeader).toBe(false);
    expect(sniff('1,2024-03-05,"¥1,200"\n2,2024-03-06,980\n').hasHeader).toBe(false);
    expect(sniff('M001,yamada@example.jp,山田太郎\nM002,sato@example.jp,佐藤花子\n').hasHeader).toBe(false);
    // Repeated names are data, not column names.
    expect(sniff('東京,東京,大阪\n大阪,東京,東京\n').hasHeader).toBe(false);
  });

  it('takes a header that repeats a name or leaves names blank for one, when numbers or dates below show it is not data', () => {
    // Exports do repeat names (two 金額 columns) and leave trailing ones blank.
    const dup = 'order_id,customer_id,order_date,amount,amount,,\nO1,C1,2024-01-05,1000,999,x,\nO2,C2,2024-01-06,1010,999,y,\n';
    expect(sniff(dup).hasHeader).toBe(true);
    expect(sniff('注文番号,金額,金額\nA1,1200,1100\nA2,980,900\n').hasHeader).toBe(true);
    // Below a title line as well.
    expect(sniff('売上一覧\n\n注文番号,金額,金額\nA1,1200,1100\nA2,980,900\n')).toMatchObject({ hasHeader: true, skipLines: 2 });
    // Repeated words over more words are still a first data row.
    expect(sniff('東京,東京,1200\n大阪,東京,980\n').hasHeader).toBe(false);
    expect(sniff('店舗,店舗,メモ\n東京,大阪,あ\n大阪,東京,い\n').hasHeader).toBe(false);
  });

  it('reads a one-column file from its first line: no line of it is a title', () => {
    // Every line is one cell wide, as a title line is: the header must not be skipped as one.
    expect(sniff('customer_id\nC1\nC2\nC3\n')).toMatchObject({ hasHeader: true, skipLines: 0, records: [['customer_id'], ['C1'], ['C2'], ['C3']] });
  });

  it('does not take a whitespace-aligned data line (CDNOW) for a header', () => {
    const s = sniff('   00001 0001 19970101 1 11.77\r\n   00002 0002 19970112 1 12.00\r\n');
    expect(s.hasHeader).toBe(false);
    expect(s.records[0]).toEqual(['   00001 0001 19970101 1 11.77']);
  });
});

describe('inspectFile + loadDataset on delimiters, quoting and line endings', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());

  async function planOf(name: string, text: string): Promise<FilePlan> {
    const ins = await inspectFile(db, textFile(name, text), 0);
    expect(ins.problem).toBeUndefined();
    return ins.plan!;
  }

  async function loadOrders(plan: FilePlan) {
    const report = await loadDataset(db, [plan], TODAY);
    const rows = toRows(await db.query(`SELECT order_id, customer_id, strftime(order_date, '%Y-%m-%d') AS d, amount, store
      FROM orders ORDER BY source_row`));
    return { report, rows };
  }

  it.each([[',', 'csv'], ['\t', 'tsv'], [';', 'csv'], ['|', 'txt']] as const)('loads a file delimited by %j', async (d, ext) => {
    const text = [['order_id', 'customer_id', 'order_date', 'amount', 'store'], ['A1', 'C1', '2024-03-05', '1200', 'Shibuya'],
      ['A2', 'C2', '2024-03-06', '980.5', 'Ueno']].map((r) => r.join(d)).join('\n') + '\n';
    const plan = await planOf(`orders.${ext}`, text);
    expect(plan.delimiter).toBe(d);
    const { report, rows } = await loadOrders(plan);
    expect(report.files[0]).toMatchObject({ dataRows: 2, loaded: 2, rejected: 0 });
    expect(rows).toEqual([
      { order_id: 'A1', customer_id: 'C1', d: '2024-03-05', amount: 1200, store: 'Shibuya' },
      { order_id: 'A2', customer_id: 'C2', d: '2024-03-06', amount: 980.5, store: 'Ueno' }
    ]);
  });

  it('takes a delimiter ending some lines for the end of the row, not for a column those without it lack', async () => {
    const header = 'order_id,customer_id,order_date,amount\n';
    const some = await planOf('trailing.csv', header + 'O1,C1,2024-01-01,5,\nO2,C2,2024-01-02,6\nO3,C1,2024-01-03,7,,\nO4,C2,2024-01-04,8\n');
    expect(some.columns.map((c) => c.source)).toEqual(['order_id', 'customer_id', 'order_date', 'amount']);
    expect((await loadDataset(db, [some], TODAY)).files[0]).toMatchObject({ dataRows: 4, loaded: 4, rejected: 0 });
    // A value past the header is a column of its own, as before: the rows without it are short.
    const extra = await planOf('extra.csv', header + 'O1,C1,2024-01-01,5,note\nO2,C2,2024-01-02,6,\nO3,C1,2024-01-03,7,other\n');
    expect(extra.columns.map((c) => c.source)).toEqual(['order_id', 'customer_id', 'order_date', 'amount', 'column4']);
    expect((await loadDataset(db, [extra], TODAY)).files[0]).toMatchObject({ dataRows: 3, loaded: 3, rejected: 0 });
  });

  it('keeps embedded delimiters, quotes and CRLF line breaks inside quoted fields', async () => {
    const text = 'order_id,customer_id,order_date,amount,store\r\n' +
      'A1,C1,2024-03-05,"1,200","Shibuya, 2F"\r\n' +
      'A2,C2,2024-03-06,980,"The ""Ueno"" shop"\r\n' +
      'A3,C3,2024-03-07,50,"Line one\r\nLine two"\r\n' +
      'A4,C4,2024-03-08,70,Plain\r\n';
    const plan = await planOf('quoted.csv', text);
    expect(plan.delimiter).toBe(',');
    const { report, rows } = await loadOrders(plan);
    expect(report.files[0]).toMatchObject({ dataRows: 4, loaded: 4, rejected: 0 });
    expect(rows.map((r) => [r.amount, r.store])).toEqual([
      [1200, 'Shibuya, 2F'], [980, 'The "Ueno" shop'], [50, 'Line one\r\nLine two'], [70, 'Plain']
    ]);
  });

  it('reads a headerless file with positional labels and proposes only what the values show', async () => {
    const plan = await planOf('noheader.csv', 'A1,C1,2024-03-05,1200\nA2,C2,2024-03-06,980\nA3,C1,2024-03-07,50\n');
    expect(plan.hasHeader).toBe(false);
    expect(plan.columns.map((c) => c.label)).toEqual(['#1', '#2', '#3', '#4']);
    expect(plan.columns.map((c) => c.role)).toEqual(['ignore', 'ignore', 'order_date', 'ignore']);
    expect(plan.columns[2].reason).toBe('values');
    expect(plan.preview).toHaveLength(3);
    expect(planProblems(plan)).toEqual(['customer_id', 'amount']);
    // Once the user assigns the roles, all three rows (none of them lost as a "header") load.
    const roles = ['order_id', 'customer_id', 'order_date', 'amount'] as const;
    const mapped = { ...plan, columns: plan.columns.map((c, i) => ({ ...c, role: roles[i] })) };
    const { report, rows } = await loadOrders(mapped);
    expect(report.files[0]).toMatchObject({ dataRows: 3, loaded: 3, rejected: 0 });
    expect(rows.map((r) => r.order_id)).toEqual(['A1', 'A2', 'A3']);
  });

  it('still reads a file with a broken quote among its first rows, rejecting only that row', async () => {
    const text = 'order_id,customer_id,order_date,amount\n' +
      'A1,C1,2024-03-05,100\n' +
      'A2,C2,2024-03-06,"200"x\n' +
      'A3,C3,2024-03-07,300\n' +
      'A4,C4,2024-03-08,40"0\n';
    const plan = await planOf('stray-quote.csv', text);
    expect(plan.columns.map((c) => c.role)).toEqual(['order_id', 'customer_id', 'order_date', 'amount']);
    const { report, rows } = await loadOrders(plan);
    expect(report.files[0]).toMatchObject({ dataRows: 4, loaded: 2, rejected: 2 });
    expect(rows.map((r) => r.order_id)).toEqual(['A1', 'A3']);
    const issues = toRows(await db.query(`SELECT line, reason, value FROM load_issues ORDER BY line`));
    expect(issues).toEqual([
      { line: 3, reason: 'reader', value: 'A2,C2,2024-03-06,"200"x' },
      // A quote inside an unquoted value is kept as text, which is not a number.
      { line: 5, reason: 'invalid_number', value: '40"0' }
    ]);
  });

  it('does not silently drop rows that begin with "#" (Shopify order names)', async () => {
    const text = 'Name,Email,Created at,Total\n#1001,a@example.com,2024-03-05 10:00:00 +0900,1200\n' +
      '#1002,b@example.com,2024-03-06 11:00:00 +0900,980\nX1003,c@example.com,2024-03-07 12:00:00 +0900,50\n';
    const plan = await planOf('shopify.csv', text);
    // "Created at" is proposed by its words; "Name" holds one value that is not an order number
    // (X1003), so it is not taken for the order's id: the user maps it.
    expect(plan.columns.map((c) => c.role)).toEqual(['name', 'email', 'order_date', 'amount']);
    const roles = ['order_id', 'email', 'order_date', 'amount'] as const;
    const mapped: FilePlan = { ...plan, kind: 'orders', identity: 'email', columns: plan.columns.map((c, i) => ({ ...c, role: roles[i] })) };
    const report = await loadDataset(db, [mapped], TODAY);
    expect(report.files[0]).toMatchObject({ dataRows: 3, loaded: 3, rejected: 0 });
    expect(toRows(await db.query(`SELECT order_id, strftime(order_date, '%H:%M') AS t FROM orders ORDER BY source_row`))).toEqual([
      { order_id: '#1001', t: '10:00' }, { order_id: '#1002', t: '11:00' }, { order_id: 'X1003', t: '12:00' }
    ]);
  });

  it('reads the headerless, space-aligned CDNOW sample as its five columns, and says what is left to map', async () => {
    const ins = await inspectFile(db, sharedFile('cdnow-lifetimes/CDNOW_sample.txt'), 0);
    expect(ins.problem).toBeUndefined();
    const plan = ins.plan!;
    expect(plan.format).toBe('aligned');
    // The first line is data (6,919 rows, none taken as a header).
    expect(plan.hasHeader).toBe(false);
    expect(plan.columns.map((c) => c.label)).toEqual(['#1', '#2', '#3', '#4', '#5']);
    expect(plan.preview[0]).toEqual(['00004', '0001', '19970101', '2', '29.33']);
    // Only the dates speak for themselves; which digits are the customer and which the amount,
    // the user says on the mapping screen.
    expect(plan.columns.map((c) => c.role)).toEqual(['ignore', 'ignore', 'order_date', 'ignore', 'ignore']);
    expect(planProblems(plan)).toEqual(['customer_id', 'amount']);
  });
});
