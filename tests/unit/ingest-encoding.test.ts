import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { NodeDatabase } from '../helpers/duckdb';
import {
  UTF8_BOM, bytesFile, concatBytes, encodeCp932, encodeEucJp, fixture, sharedFile, textFile, utf16le, utf8
} from '../helpers/files';
import { HEAD_BYTES, detectFormat, headText, toUtf8, utf8BomBytes } from '../../src/lib/ingest/encoding';
import { inspectFile, planProblems } from '../../src/lib/ingest/prepare';
import { loadDataset, readCsv } from '../../src/lib/ingest/load';
import { toRows } from '../../src/lib/engine/types';
import type { FilePlan } from '../../src/lib/ingest/types';

// One small orders export, written in every encoding a Japanese shop system produces. The amount
// column uses the Shift_JIS yen sign (byte 0x5C, a backslash once decoded), 円, full-width digits;
// the store column uses NEC special characters (① ㈱) that exist only in CP932.
const ORDERS = [
  '注文番号,注文日,会員番号,店舗名,合計金額,ステータス',
  'A001,2024/03/05,M0001,①号店,"\\1,234",発送済み',
  'A002,2024年3月6日,M0002,㈱佐藤商事,"1,234円",注文キャンセル',
  'A003,2024-03-07,M0001,①号店,１２００,発送済み'
].join('\r\n') + '\r\n';

const EXPECTED_ORDERS = [
  { order_id: 'A001', d: '2024-03-05', customer_id: 'M0001', store: '①号店', amount: 1234, returned_amount: 0, is_return: false },
  { order_id: 'A002', d: '2024-03-06', customer_id: 'M0002', store: '㈱佐藤商事', amount: 0, returned_amount: 1234, is_return: true },
  { order_id: 'A003', d: '2024-03-07', customer_id: 'M0001', store: '①号店', amount: 1200, returned_amount: 0, is_return: false }
];

const EXPECTED_ROLES = {
  注文番号: 'order_id', 注文日: 'order_date', 会員番号: 'customer_id', 店舗名: 'store', 合計金額: 'amount', ステータス: 'status'
};

describe('detectFormat and toUtf8', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(detectFormat(utf8(ORDERS), true)).toEqual({ kind: 'text', encoding: 'utf-8', bomBytes: 0 });
  });

  it('counts one and two UTF-8 BOMs and strips them all', () => {
    const one = concatBytes(UTF8_BOM, utf8(ORDERS));
    const two = concatBytes(UTF8_BOM, UTF8_BOM, utf8(ORDERS));
    expect(utf8BomBytes(one)).toBe(3);
    expect(utf8BomBytes(two)).toBe(6);
    expect(detectFormat(one, true)).toEqual({ kind: 'text', encoding: 'utf-8', bomBytes: 3 });
    expect(detectFormat(two, true)).toEqual({ kind: 'text', encoding: 'utf-8', bomBytes: 6 });
    const decoded = new TextDecoder().decode(toUtf8(two, 'utf-8', 6));
    expect(decoded).toBe(ORDERS);
    // toUtf8 also strips a BOM that was not counted (the caller passed 0).
    expect(new TextDecoder().decode(toUtf8(two, 'utf-8', 0))).toBe(ORDERS);
  });

  it('reads UTF-16 with a BOM (LE and BE) and UTF-16LE without one', () => {
    const le = concatBytes([0xff, 0xfe], utf16le(ORDERS));
    expect(detectFormat(le, true)).toEqual({ kind: 'text', encoding: 'utf-16le', bomBytes: 2 });
    expect(new TextDecoder().decode(toUtf8(le, 'utf-16le', 2))).toBe(ORDERS);
    const be = concatBytes([0xfe, 0xff], utf16le(ORDERS).map((_, i, a) => a[i ^ 1]));
    expect(detectFormat(be, true)).toEqual({ kind: 'text', encoding: 'utf-16be', bomBytes: 2 });
    expect(new TextDecoder().decode(toUtf8(be, 'utf-16be', 2))).toBe(ORDERS);
    expect(detectFormat(utf16le(ORDERS), true)).toEqual({ kind: 'text', encoding: 'utf-16le', bomBytes: 0 });
  });

  it('reads Shift_JIS/CP932, including NEC special characters and the 0x5C yen sign', () => {
    const sjis = encodeCp932(ORDERS);
    // The yen sign is the ASCII backslash byte in a Shift_JIS export.
    expect([...encodeCp932('\\1,234')].slice(0, 1)).toEqual([0x5c]);
    expect([...encodeCp932('①㈱')]).toEqual([0x87, 0x40, 0x87, 0x8a]);
    expect(detectFormat(sjis, true)).toEqual({ kind: 'text', encoding: 'shift_jis', bomBytes: 0 });
    expect(new TextDecoder().decode(toUtf8(sjis, 'shift_jis', 0))).toBe(ORDERS);
  });

  it('reads EUC-JP, and keeps Shift_JIS with half-width katakana as Shift_JIS', () => {
    const text = '顧客番号,氏名,住所\r\n1,山田太郎,東京都千代田区\r\n2,佐藤花子,大阪府大阪市\r\n';
    const euc = encodeEucJp(text);
    expect(detectFormat(euc, true)).toEqual({ kind: 'text', encoding: 'euc-jp', bomBytes: 0 });
    expect(new TextDecoder().decode(toUtf8(euc, 'euc-jp', 0))).toBe(text);
    // And a Shift_JIS file full of half-width katakana (Japan Post style) stays Shift_JIS.
    const kana = '1,"ﾎｯｶｲﾄﾞｳ","ｻｯﾎﾟﾛｼ","北海道"\r\n2,"ｱｵﾓﾘｹﾝ","ｱｵﾓﾘｼ","青森県"\r\n';
    expect(detectFormat(encodeCp932(kana), true)).toMatchObject({ encoding: 'shift_jis' });
  });

  it('does not split a multi-byte character when it only sees the head of a file', () => {
    const bytes = utf8('id,name\n' + '1,日本語の名前\n'.repeat(50));
    // Cut inside the last character: the head alone is not valid UTF-8, whole lines are.
    const head = bytes.subarray(0, bytes.length - 3);
    expect(detectFormat(head, false)).toEqual({ kind: 'text', encoding: 'utf-8', bomBytes: 0 });
    const sjis = encodeCp932('id,name\r\n' + '1,日本語の名前\r\n'.repeat(50));
    expect(detectFormat(sjis.subarray(0, sjis.length - 3), false)).toMatchObject({ encoding: 'shift_jis' });
    const guess = detectFormat(head, false) as Extract<ReturnType<typeof detectFormat>, { kind: 'text' }>;
    expect(headText(head, guess, false).endsWith('1,日本語の名前\n')).toBe(true);
  });

  it('cuts a UTF-16 head only at a real line break (0x0A is also half of 上)', () => {
    const row = '1,' + '上'.repeat(100) + '\r\n';
    const bytes = concatBytes([0xff, 0xfe], utf16le('id,memo\r\n' + row.repeat(3)));
    // Cut in the middle of the third row's run of 上 (U+4E0A: bytes 0A 4E).
    const head = bytes.subarray(0, 2 + 2 * ('id,memo\r\n'.length + 2 * row.length + 2 + 50) + 1);
    const guess = detectFormat(head, false);
    expect(guess).toEqual({ kind: 'text', encoding: 'utf-16le', bomBytes: 2 });
    const text = headText(head, guess as Extract<typeof guess, { kind: 'text' }>, false);
    expect(text).toBe('id,memo\r\n' + row.repeat(2));
  });

  it('names binary files by their magic numbers', () => {
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52];
    expect(detectFormat(new Uint8Array(png), true)).toEqual({ kind: 'binary', what: 'png' });
    expect(detectFormat(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]), true)).toEqual({ kind: 'binary', what: 'pdf' });
    expect(detectFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), true)).toEqual({ kind: 'binary', what: 'xls' });
    expect(detectFormat(zipWith(['readme.txt']), true)).toEqual({ kind: 'binary', what: 'zip' });
    // A Word document is also an Office Open XML zip, but not a spreadsheet.
    expect(detectFormat(zipWith(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']), true)).toEqual({ kind: 'binary', what: 'zip' });
    expect(detectFormat(zipWith(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml']), true)).toEqual({ kind: 'xlsx' });
    // Random bytes with NULs are not text.
    expect(detectFormat(new Uint8Array([1, 0, 0, 7, 0, 0, 0, 3, 200, 0]), true)).toEqual({ kind: 'binary', what: 'unknown' });
  });

  it('calls empty, blank and BOM-only files empty', () => {
    expect(detectFormat(new Uint8Array(0), true)).toEqual({ kind: 'empty' });
    expect(detectFormat(utf8('  \r\n\t\n  '), true)).toEqual({ kind: 'empty' });
    expect(detectFormat(new Uint8Array([...UTF8_BOM, 0x0a]), true)).toEqual({ kind: 'empty' });
  });
});

/** A zip's local file headers for these names (contents empty): enough for magic-number checks. */
function zipWith(names: string[]): Uint8Array {
  const parts: number[][] = [];
  for (const n of names) {
    const name = [...utf8(n)];
    parts.push([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, name.length, 0, 0, 0, ...name]);
  }
  return concatBytes(...parts);
}

describe('every encoding end to end (inspectFile → loadDataset → orders)', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());

  const variants: [string, () => Uint8Array, FilePlan['encoding']][] = [
    ['UTF-8', () => utf8(ORDERS), 'utf-8'],
    ['UTF-8 with BOM', () => concatBytes(UTF8_BOM, utf8(ORDERS)), 'utf-8'],
    ['UTF-8 with a double BOM', () => concatBytes(UTF8_BOM, UTF8_BOM, utf8(ORDERS)), 'utf-8'],
    ['UTF-16LE with BOM', () => concatBytes([0xff, 0xfe], utf16le(ORDERS)), 'utf-16le'],
    ['UTF-16LE without BOM', () => utf16le(ORDERS), 'utf-16le'],
    ['Shift_JIS/CP932', () => encodeCp932(ORDERS), 'shift_jis'],
    ['EUC-JP', () => encodeEucJp(ORDERS), 'euc-jp']
  ];

  for (const [name, bytes, encoding] of variants) {
    it(`loads the same orders from ${name}`, async () => {
      const ins = await inspectFile(db, bytesFile('注文.csv', bytes()), 0);
      expect(ins.problem).toBeUndefined();
      const plan = ins.plan!;
      expect(plan.encoding).toBe(encoding);
      expect(plan.format).toBe('csv');
      expect(plan.hasHeader).toBe(true);
      expect(plan.columns.map((c) => c.label)).toEqual(Object.keys(EXPECTED_ROLES));
      expect(Object.fromEntries(plan.columns.map((c) => [c.label, c.role]))).toEqual(EXPECTED_ROLES);
      expect(plan.kind).toBe('orders');
      expect(planProblems(plan)).toEqual([]);
      expect(plan.preview[0]).toEqual(['A001', '2024/03/05', 'M0001', '①号店', '\\1,234', '発送済み']);

      const report = await loadDataset(db, [plan], { today: '2026-11-23' });
      expect(report.files[0]).toMatchObject({ dataRows: 3, loaded: 3, rejected: 0, warnings: 0 });
      const rows = toRows(await db.query(`SELECT order_id, strftime(order_date, '%Y-%m-%d') AS d, customer_id, store, amount,
        returned_amount, is_return FROM orders ORDER BY order_id`));
      expect(rows).toEqual(EXPECTED_ORDERS);
    });
  }

  it('reads a UTF-16LE file larger than the sniffing head, every row', async () => {
    const row = (i: number) => `C${i},2024-03-05,${'上'.repeat(40)},${i}\r\n`;
    let text = 'customer_id,order_date,memo,amount\r\n';
    let n = 0;
    while (text.length * 2 < HEAD_BYTES * 1.2) text += row(++n);
    const file = bytesFile('big-utf16.csv', concatBytes([0xff, 0xfe], utf16le(text)));
    expect(file.size).toBeGreaterThan(HEAD_BYTES);
    const plan = (await inspectFile(db, file, 0)).plan!;
    expect(plan.encoding).toBe('utf-16le');
    expect(plan.columns.map((c) => c.role)).toEqual(['customer_id', 'order_date', 'ignore', 'amount']);
    const report = await loadDataset(db, [plan], { today: '2026-11-23' });
    expect(report.files[0]).toMatchObject({ dataRows: n, loaded: n, rejected: 0 });
    expect(report.orders!.revenue).toBe((n * (n + 1)) / 2);
  });

  it('loads a committed CP932 EC export (Python-encoded) the same way the test encoder would write it', async () => {
    const file = fixture('ec-export-cp932.csv');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const text = new TextDecoder('shift_jis').decode(bytes);
    expect(text).toContain('①号店');
    expect(text).toContain('㈱佐藤商事');
    expect(encodeCp932(text)).toEqual(bytes);

    const plan = (await inspectFile(db, file, 0)).plan!;
    expect(plan.encoding).toBe('shift_jis');
    const roles = Object.fromEntries(plan.columns.map((c) => [c.label, c.role]));
    expect(roles).toEqual({
      受注番号: 'order_id', 受注日: 'order_date', 注文時間: 'order_time', 会員番号: 'customer_id', お名前: 'name',
      店舗名: 'store', 合計金額: 'amount', ポイント利用額: 'points_used', 今回獲得ポイント: 'points_earned',
      ステータス: 'status', 備考: 'ignore'
    });
    const report = await loadDataset(db, [plan], { today: '2026-11-23' });
    expect(report.files[0]).toMatchObject({ dataRows: 3, loaded: 3, rejected: 0, warnings: 0 });
    const rows = toRows(await db.query(`SELECT order_id, strftime(order_date, '%Y-%m-%d %H:%M:%S') AS t, customer_id, store,
      amount, returned_amount, points_used, points_earned, is_return, status FROM orders ORDER BY order_id`));
    expect(rows).toEqual([
      { order_id: '10001', t: '2024-03-05 10:33:09', customer_id: 'M0001', store: '①号店', amount: 1234, returned_amount: 0, points_used: 100, points_earned: 12, is_return: false, status: '発送済み' },
      { order_id: '10002', t: '2024-03-06 09:15:00', customer_id: 'M0002', store: '②号店', amount: 0, returned_amount: 12000, points_used: 0, points_earned: 120, is_return: true, status: '注文キャンセル' },
      { order_id: '10003', t: '2024-03-07 23:59:59', customer_id: 'M0001', store: '①号店', amount: 980, returned_amount: 0, points_used: 0, points_earned: 9, is_return: false, status: '発送済み' }
    ]);
  });

  it('loads the EC-CUBE Shift_JIS export that the browser test drops (tests/fixtures/ec-cube-sjis.csv)', async () => {
    const plan = (await inspectFile(db, fixture('ec-cube-sjis.csv'), 0)).plan!;
    expect(plan.encoding).toBe('shift_jis');
    expect(plan.columns.map((c) => c.role)).toEqual(['order_id', 'customer_id', 'order_date', 'order_time', 'amount', 'status', 'points_used']);
    const report = await loadDataset(db, [plan], { today: '2026-11-23' });
    expect(report.files[0]).toMatchObject({ dataRows: 8, loaded: 7, rejected: 1, warnings: 0 });
    expect(toRows(await db.query('SELECT line, "column", reason, value FROM load_issues'))).toEqual([
      { line: 9, column: '受注日', reason: 'invalid_date', value: '2024/6/31' }
    ]);
    expect(report.orders).toMatchObject({
      rows: 7, customers: 4, revenue: 15_500, withoutCustomer: { rows: 1, amount: 2500 },
      returns: { rows: 1, amount: 800 }, returnStatuses: [{ value: '注文キャンセル', rows: 1 }]
    });
    expect(toRows(await db.query(`SELECT order_id, customer_id, strftime(order_date, '%Y-%m-%d %H:%M:%S') AS t, amount FROM orders ORDER BY order_id`))).toEqual([
      { order_id: '1001', customer_id: 'M001', t: '2024-03-05 10:33:09', amount: 3300 },
      { order_id: '1002', customer_id: 'M002', t: '2024-03-06 12:00:00', amount: 1200 },
      { order_id: '1003', customer_id: 'M001', t: '2024-04-01 09:00:00', amount: 5000 },
      { order_id: '1004', customer_id: 'M003', t: '2024-04-02 15:00:00', amount: 0 },
      { order_id: '1005', customer_id: null, t: '2024-04-03 16:00:00', amount: 2500 },
      { order_id: '1006', customer_id: 'M002', t: '2024-05-10 11:00:00', amount: 2000 },
      { order_id: '1007', customer_id: 'M004', t: '2024-05-11 10:10:10', amount: 1500 }
    ]);
  });

  it('strips both BOMs of the real 100-knocks product.csv (double BOM, CRLF, no final newline)', async () => {
    const plan = (await inspectFile(db, sharedFile('jds-100knocks-jp/product.csv'), 0)).plan!;
    expect(plan.encoding).toBe('utf-8');
    expect(plan.columns.map((c) => c.label)).toEqual([
      'product_cd', 'category_major_cd', 'category_medium_cd', 'category_small_cd', 'unit_price', 'unit_cost'
    ]);
    expect(plan.columns[0].source).not.toMatch(/\uFEFF/);
    expect(plan.columns.find((c) => c.label === 'unit_price')!.role).toBe('unit_price');
    expect(plan.preview[0]).toEqual(['P040101001', '04', '0401', '040101', '198', '149']);
    const n = toRows<{ n: number; first: string }>(await db.query(
      `SELECT count(*) AS n, min(${'"' + plan.columns[0].source + '"'}) AS first FROM ${readCsv(plan)}`))[0];
    expect(n).toEqual({ n: 10_030, first: 'P040101001' });
    // There is no customer or date column: the plan says what is missing rather than failing.
    expect(plan.kind).toBe('customers');
    expect(planProblems(plan)).toEqual(['customer_id']);
  });

  it('detects the real Japan Post JIGYOSYO.CSV (3 MB, NEC characters past the 1 MB head) as Shift_JIS', async () => {
    const file = sharedFile('japan-post-zipcode-cp932/JIGYOSYO.CSV');
    expect(file.size).toBeGreaterThan(HEAD_BYTES);
    const ins = await inspectFile(db, file, 0);
    const plan = ins.plan!;
    expect(plan.encoding).toBe('shift_jis');
    expect(plan.delimiter).toBe(',');
    expect(plan.hasHeader).toBe(false);
    expect(plan.columns).toHaveLength(13);
    expect(plan.preview[0].slice(0, 4)).toEqual(['01101', '(ｶﾌﾞ) ﾆﾎﾝｹｲｻﾞｲｼﾝﾌﾞﾝｼﾔ ｻﾂﾎﾟﾛｼｼﾔ', '株式会社　日本経済新聞社　札幌支社', '北海道']);
    // The whole file went through DuckDB decoded: every one of its 22,416 rows, NEC characters intact.
    const c2 = '"' + plan.columns[2].source + '"';
    const counts = toRows<{ n: number; kabu: number }>(await db.query(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${c2} LIKE '%㈱%') AS kabu FROM ${readCsv(plan)}`))[0];
    expect(counts.n).toBe(22_416);
    expect(counts.kabu).toBeGreaterThan(0);
  });
});

describe('files that are not tables', () => {
  let db: NodeDatabase;
  beforeAll(async () => {
    db = await NodeDatabase.open();
  });
  afterAll(() => db.close());

  it('says what a binary file is', async () => {
    const png = bytesFile('orders.csv', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect((await inspectFile(db, png, 0)).problem).toEqual({ code: 'binary', what: 'png' });
    expect((await inspectFile(db, bytesFile('data.zip', zipWith(['orders.csv'])), 0)).problem).toEqual({ code: 'binary', what: 'zip' });
    expect((await inspectFile(db, bytesFile('report.docx', zipWith(['[Content_Types].xml', 'word/document.xml'])), 0)).problem)
      .toEqual({ code: 'binary', what: 'zip' });
  });

  it('reads an .xlsx renamed .csv as Excel', async () => {
    const xlsx = await writeXlsxFile([
      [{ value: '注文番号' }, { value: '注文日' }, { value: '会員番号' }, { value: '合計金額' }, { value: 'メモ' }],
      [{ value: 'A001' }, { value: new Date(Date.UTC(2024, 2, 5)), format: 'yyyy/mm/dd' }, { value: 'M0001' }, { value: 1234 }, { value: 'a, "b"' }],
      [{ value: 'A002' }, { value: new Date(Date.UTC(2024, 2, 6, 10, 33, 9)), format: 'yyyy/mm/dd hh:mm:ss' }, { value: 'M0002' }, { value: 980.5 }, { value: '2行\n目' }]
    ]).toBuffer();
    const ins = await inspectFile(db, bytesFile('orders.csv', new Uint8Array(xlsx)), 0);
    expect(ins.problem).toBeUndefined();
    const plan = ins.plan!;
    expect(plan.format).toBe('xlsx');
    expect(plan.columns.map((c) => c.role)).toEqual(['order_id', 'order_date', 'customer_id', 'amount', 'ignore']);
    const report = await loadDataset(db, [plan], { today: '2026-11-23' });
    expect(report.files[0]).toMatchObject({ dataRows: 2, loaded: 2, rejected: 0 });
    expect(toRows(await db.query(`SELECT order_id, strftime(order_date, '%Y-%m-%d %H:%M:%S') AS t, amount FROM orders ORDER BY 1`))).toEqual([
      { order_id: 'A001', t: '2024-03-05 00:00:00', amount: 1234 },
      { order_id: 'A002', t: '2024-03-06 10:33:09', amount: 980.5 }
    ]);
  });

  it('reports a workbook with only a header row, or a blank first sheet', async () => {
    const headerOnly = await writeXlsxFile([[{ value: '注文番号' }, { value: '注文日' }, { value: '金額' }]]).toBuffer();
    expect((await inspectFile(db, bytesFile('h.xlsx', new Uint8Array(headerOnly)), 0)).problem).toEqual({ code: 'header_only' });
    const blank = await writeXlsxFile([[]]).toBuffer();
    expect((await inspectFile(db, bytesFile('blank.xlsx', new Uint8Array(blank)), 0)).problem).toEqual({ code: 'empty' });
  });

  it('reads the first sheet with data when the first is blank (an empty cover), and says which', async () => {
    const header = ['注文番号', '会員番号', '注文日', '金額'].map((value) => ({ value }));
    const book = await writeXlsxFile([
      { sheet: '表紙', data: [[]] },
      { sheet: '売上', data: [header, [{ value: 'A1' }, { value: 'M1' }, { value: '2024-03-05' }, { value: 1200 }]] },
      { sheet: 'メモ', data: [[{ value: 'not this one' }]] }
    ] as never).toBuffer();
    const ins = await inspectFile(db, bytesFile('book.xlsx', new Uint8Array(book)), 0);
    expect(ins.problem).toBeUndefined();
    expect([ins.plan!.sheet, ins.plan!.columns.map((c) => c.role)]).toEqual(['売上', ['order_id', 'customer_id', 'order_date', 'amount']]);
    expect((await loadDataset(db, [ins.plan!], { today: '2026-11-23' })).files[0]).toMatchObject({ dataRows: 1, loaded: 1 });
    // A workbook with data on its first sheet says nothing of sheets.
    const plain = await writeXlsxFile([header, [{ value: 'A1' }, { value: 'M1' }, { value: '2024-03-05' }, { value: 1 }]]).toBuffer();
    expect((await inspectFile(db, bytesFile('plain.xlsx', new Uint8Array(plain)), 0)).plan!.sheet).toBeUndefined();
  });

  it('reports empty, blank, BOM-only and header-only files', async () => {
    expect((await inspectFile(db, textFile('a.csv', ''), 0)).problem).toEqual({ code: 'empty' });
    expect((await inspectFile(db, textFile('b.csv', ' \r\n\r\n\t '), 0)).problem).toEqual({ code: 'empty' });
    expect((await inspectFile(db, bytesFile('c.csv', UTF8_BOM), 0)).problem).toEqual({ code: 'empty' });
    expect((await inspectFile(db, textFile('d.csv', '注文番号,注文日,金額\r\n'), 0)).problem).toEqual({ code: 'header_only' });
    expect((await inspectFile(db, textFile('e.csv', 'order_id,date,amount'), 0)).problem).toEqual({ code: 'header_only' });
    expect((await inspectFile(db, textFile('f.csv', 'order_id,date,amount\n\n\n'), 0)).problem).toEqual({ code: 'header_only' });
    expect((await inspectFile(db, bytesFile('g.csv', encodeCp932('受注番号,受注日,金額\r\n')), 0)).problem).toEqual({ code: 'header_only' });
  });
});
