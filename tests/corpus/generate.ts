/**
 * The hostile-file corpus (issue 15): broken and awkward files a user may drop on the import page,
 * each with what must happen to it. Everything is generated here, in memory: nothing large is
 * committed. A case either loads, with its rows accounted for and its key figures (computed
 * here, from the rows as the generator meant them, never by the importer), or it is a problem
 * the page words in the user's language, naming the file.
 *
 * The rows of an orders file are written from a model (`Line`): what the row means (customer,
 * amount, whether the importer must refuse it and why) and how it is spelled. The expected
 * figures are tallied from the meanings alone.
 */
import writeXlsxFile from 'write-excel-file/node';
import { UTF8_BOM, concatBytes, encodeCp932, utf16be, utf16le, utf8 } from '../helpers/files';
import type { DateOrder, FileKind } from '../../src/lib/ingest/types';
import type { DecimalMark } from '../../src/lib/ingest/decimal';
import type { EngineErrorCode } from '../../src/lib/ingest/errors';
import type { IssueReason } from '../../src/lib/ingest/load';

export type CorpusKind = Extract<FileKind, 'orders' | 'customers' | 'responses'>;

export interface LoadExpect {
  outcome: 'load';
  /** Data rows in the file; loaded + rejected must equal it. */
  dataRows: number;
  loaded: number;
  rejected: number;
  /** Rows kept with a flagged optional value. */
  warnings?: number;
  /** Issues by reason (rejections and warnings), exactly: a reason not named must not occur. */
  reasons?: Partial<Record<IssueReason, number>>;
  /** Orders files: the quality report's figures. */
  orders?: {
    orders: number;
    customers: number;
    revenue: number;
    withoutCustomerRows?: number;
    returnRows?: number;
    futureRows?: number;
  };
  /** Survey answers loaded. */
  responses?: number;
  /** Rows of `customers` (customers files). */
  customers?: number;
  /** Lines above the header skipped as a title. */
  skippedLines?: number;
  /** Rejected rows that run over several lines (a quote never closed), and the first one's line. */
  spanning?: { rows: number; line: number };
  /** Orders files: exact repeats of a row, and order ids given to two customers. */
  duplicateRows?: number;
  conflictingOrderIds?: number;
  format?: 'csv' | 'xlsx' | 'aligned';
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis' | 'euc-jp';
  /** Text values (by canonical column) that must arrive exactly as written. */
  exact?: { table: 'orders' | 'customers' | 'responses'; column: string; values: string[] };
}

export interface ProblemExpect {
  outcome: 'problem';
  /** The `FileProblem` code; `binary` with `what`, `unreadable` with `reason`. */
  code: 'empty' | 'header_only' | 'binary' | 'unreadable';
  what?: 'xls' | 'zip' | 'png' | 'jpeg' | 'gif' | 'pdf' | 'unknown';
  reason?: EngineErrorCode;
}

export interface CorpusCase {
  /** A short, unique id. */
  name: string;
  /** The file's name as the user's disk has it (every message must name it). */
  fileName: string;
  file: Uint8Array;
  kind: CorpusKind;
  expect: LoadExpect | ProblemExpect;
  /** Marks the case as carrying markup or formula payloads: exports and pages must defuse them. */
  payload?: 'markup' | 'formula';
  /**
   * A known failure, not yet fixed: what goes wrong instead. The test expects the right outcome
   * to fail (so that fixing it is noticed) and checks that meanwhile the file is at least refused
   * with a worded message naming it.
   */
  known?: string;
  /**
   * What the mapping screen must ask, and the user's answer: the plan must say it cannot tell,
   * and the load uses the answer. A question not listed must not be asked.
   */
  asks?: { dateOrder?: DateOrder; decimalMark?: DecimalMark };
}

// ---------------------------------------------------------------------------------------------
// The row model of an orders file and the tally of what it must load as.

interface Line {
  /** Cells as written, in the file's column order. */
  cells: string[];
  /** What the row means; null customer: a guest order. */
  customer: string | null;
  amount: number;
  /** The importer must refuse it, for this reason (the row then counts nowhere). */
  refuse?: IssueReason;
  /** The importer keeps it with a warning for this reason. */
  warn?: IssueReason;
  /** Dated after the test's today. */
  future?: boolean;
}

/** The test's today (tests pass it to `loadDataset`). */
export const TODAY = '2026-11-23';

function tally(lines: Line[]): LoadExpect {
  const kept = lines.filter((l) => !l.refuse);
  const reasons: Partial<Record<IssueReason, number>> = {};
  for (const l of lines) {
    for (const r of [l.refuse, l.warn]) if (r) reasons[r] = (reasons[r] ?? 0) + 1;
  }
  const revenue = kept.reduce((s, l) => s + l.amount, 0);
  return {
    outcome: 'load',
    dataRows: lines.length,
    loaded: kept.length,
    rejected: lines.length - kept.length,
    warnings: kept.filter((l) => l.warn).length,
    reasons,
    orders: {
      // Lines of one customer sharing an order id are one order, a purchase unless all are returns.
      orders: new Set(kept.flatMap((l, i) => (l.amount >= 0 ? [l.cells[0] ? `${l.customer}|${l.cells[0]}` : `#${i}`] : []))).size,
      customers: new Set(kept.flatMap((l) => (l.customer === null ? [] : [l.customer]))).size,
      revenue,
      withoutCustomerRows: kept.filter((l) => l.customer === null).length,
      returnRows: kept.filter((l) => l.amount < 0).length,
      futureRows: kept.filter((l) => l.future).length
    }
  };
}

/** A CSV field, quoted when it must be. */
function field(v: string, delim = ','): string {
  return v.includes(delim) || /["\r\n]/.test(v) ? '"' + v.replaceAll('"', '""') + '"' : v;
}

function csv(header: string[], rows: string[][], eol = '\n', delim = ','): string {
  return [header, ...rows].map((r) => r.map((v) => field(v, delim)).join(delim)).join(eol) + eol;
}

const ORDER_HEADER = ['order_id', 'customer_id', 'order_date', 'amount'];

/** A plain, valid order line: id, customer, date, amount. */
function order(i: number, customer: string | null, amount: number, date = `2024-0${1 + (i % 9)}-1${i % 10}`): Line {
  return { cells: [`O${i}`, customer ?? '', date, String(amount)], customer, amount };
}

/** Lines of plain orders: 3 customers, amounts 1000 + 10·i. */
function plainOrders(n: number, from = 0): Line[] {
  return Array.from({ length: n }, (_, k) => order(from + k, `C${(from + k) % 3}`, 1000 + 10 * (from + k)));
}

function ordersCase(name: string, fileName: string, header: string[], lines: Line[], extra: Partial<LoadExpect> = {}, write = (text: string) => utf8(text)): CorpusCase {
  return { name, fileName, kind: 'orders', file: write(csv(header, lines.map((l) => l.cells))), expect: { ...tally(lines), ...extra } };
}

// ---------------------------------------------------------------------------------------------
// Binary containers, written byte by byte (no library writes an .xls, a PDF or a PNG).

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function le(n: number, width: 2 | 4): number[] {
  return width === 2 ? [n & 0xff, (n >>> 8) & 0xff] : [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** A complete, valid zip (stored entries, central directory and all) that any unzip tool opens. */
export function zipFile(entries: { name: string; data: Uint8Array }[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = utf8(e.name);
    const crc = crc32(e.data);
    const common = [...le(20, 2), ...le(0x0800, 2), ...le(0, 2), ...le(0, 2), ...le(0x21, 2), ...le(crc, 4), ...le(e.data.length, 4), ...le(e.data.length, 4), ...le(name.length, 2), ...le(0, 2)];
    const local = concatBytes([0x50, 0x4b, 0x03, 0x04], common, name, e.data);
    central.push(concatBytes([0x50, 0x4b, 0x01, 0x02], le(20, 2), common, le(0, 2), le(0, 2), le(0, 2), le(0, 4), le(offset, 4), name));
    locals.push(local);
    offset += local.length;
  }
  const dir = concatBytes(...central);
  const end = [0x50, 0x4b, 0x05, 0x06, ...le(0, 2), ...le(0, 2), ...le(entries.length, 2), ...le(entries.length, 2), ...le(dir.length, 4), ...le(offset, 4), ...le(0, 2)];
  return concatBytes(...locals, dir, end);
}

/** A 1×1 PNG (signature, IHDR, IDAT, IEND). */
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4,
  0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44,
  0xae, 0x42, 0x60, 0x82
]);

/** The start of a JPEG (SOI, APP0 JFIF). */
const JPEG = concatBytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], utf8('JFIF'), [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);

const GIF = concatBytes(utf8('GIF89a'), [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21, 0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b]);

/** A one-page PDF whose text looks like a table: still not one. */
const PDF = utf8('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% order_id,customer_id,order_date,amount\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** An old Excel (BIFF8) workbook: an OLE2 compound file header, 512 bytes. */
function oldXls(): Uint8Array {
  const head = new Uint8Array(512);
  head.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  head.set([0x3e, 0, 3, 0, 0xfe, 0xff, 9, 0], 24);
  return head;
}

function repeat(s: string, n: number): string {
  return Array.from({ length: n }, () => s).join('');
}

// ---------------------------------------------------------------------------------------------

/** Every case. Async only because the workbooks are written by write-excel-file. */
export async function corpus(): Promise<CorpusCase[]> {
  const cases: CorpusCase[] = [];
  const add = (c: CorpusCase) => cases.push(c);
  const problem = (name: string, fileName: string, file: Uint8Array, expect: Omit<ProblemExpect, 'outcome'>, kind: CorpusKind = 'orders') =>
    add({ name, fileName, file, kind, expect: { outcome: 'problem', ...expect } });
  const goodCsv = csv(ORDER_HEADER, plainOrders(6).map((l) => l.cells));

  // --- Not a table at all ---------------------------------------------------------------------
  problem('empty', 'orders.csv', new Uint8Array(0), { code: 'empty' });
  problem('blank-lines', 'orders.csv', utf8(' \r\n\r\n\t \n'), { code: 'empty' });
  problem('bom-only', 'orders.csv', new Uint8Array(UTF8_BOM), { code: 'empty' });
  problem('header-only', '注文.csv', utf8('注文番号,注文日,会員番号,金額\r\n'), { code: 'header_only' });
  problem('header-only-sjis', '受注.csv', encodeCp932('受注番号,受注日,会員番号,金額\r\n\r\n'), { code: 'header_only' });
  problem('png-as-csv', 'orders.csv', PNG, { code: 'binary', what: 'png' });
  problem('jpeg', 'レシート.jpg', JPEG, { code: 'binary', what: 'jpeg' });
  problem('gif', 'chart.gif', GIF, { code: 'binary', what: 'gif' });
  problem('pdf', '売上報告.pdf', PDF, { code: 'binary', what: 'pdf' });
  problem('old-xls', '顧客一覧.xls', oldXls(), { code: 'binary', what: 'xls' });
  problem('zip-of-text', 'archive.zip', zipFile([{ name: 'readme.txt', data: utf8('hello\n') }]), { code: 'binary', what: 'zip' });
  problem('csv-in-zip', 'orders.zip', zipFile([{ name: 'orders.csv', data: utf8(goodCsv) }]), { code: 'binary', what: 'zip' });
  problem('docx', 'memo.docx', zipFile([{ name: '[Content_Types].xml', data: utf8('<Types/>') }, { name: 'word/document.xml', data: utf8('<w:document/>') }]), { code: 'binary', what: 'zip' });
  problem('random-bytes', 'orders.csv', new Uint8Array(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 251)), { code: 'binary', what: 'unknown' });
  // NUL bytes among the first bytes of a UTF-8 file, not in UTF-16's pattern: not text.
  problem('nul-bytes-head', 'orders.csv', concatBytes(utf8('order_id,customer_id,order_date,amount\nO1,C1,2024-01-05,'), [0, 0, 0x31, 0], utf8('\nO2,C2,2024-01-06,20\n')), { code: 'binary', what: 'unknown' });

  // --- Excel ----------------------------------------------------------------------------------
  const xlsxLines = plainOrders(5);
  const xlsx = new Uint8Array(await writeXlsxFile([
    ORDER_HEADER.map((value) => ({ value })),
    ...xlsxLines.map((l) => [{ value: l.cells[0] }, { value: l.cells[1] }, { value: new Date(`${l.cells[2]}T00:00:00Z`), format: 'yyyy/mm/dd' }, { value: l.amount }])
  ]).toBuffer());
  add({ name: 'xlsx-renamed-csv', fileName: 'orders.csv', file: xlsx, kind: 'orders', expect: { ...tally(xlsxLines), format: 'xlsx' } });
  {
    const lines = plainOrders(3);
    const rows = [ORDER_HEADER.map((value) => ({ value })), ...lines.map((l) => [{ value: l.cells[0] }, { value: l.cells[1] }, { value: l.cells[2] }, { value: l.amount }])];
    const book = new Uint8Array(await writeXlsxFile([{ sheet: '表紙', data: [[]] }, { sheet: '売上', data: rows }] as never).toBuffer());
    add({ name: 'xlsx-data-on-second-sheet', fileName: '売上.xlsx', file: book, kind: 'orders', expect: { ...tally(lines), format: 'xlsx' } });
  }
  problem('xlsx-header-only', 'orders.xlsx', new Uint8Array(await writeXlsxFile([ORDER_HEADER.map((value) => ({ value }))]).toBuffer()), { code: 'header_only' });
  problem('xlsx-blank-sheet', 'orders.xlsx', new Uint8Array(await writeXlsxFile([[]]).toBuffer()), { code: 'empty' });

  // --- Encodings ------------------------------------------------------------------------------
  const jaLines = plainOrders(6).map((l, i) => ({ ...l, cells: [...l.cells, ['東京店', '大阪店', '𠮷野家'][i % 3]] }));
  const jaHeader = [...ORDER_HEADER, 'store'];
  add(ordersCase('utf16le-no-bom', 'orders-utf16le.csv', jaHeader, jaLines.slice(0, 3), { encoding: 'utf-16le', exact: { table: 'orders', column: 'store', values: ['東京店', '大阪店', '𠮷野家'] } }, utf16le));
  add(ordersCase('utf16be-no-bom', 'orders-utf16be.csv', ORDER_HEADER, plainOrders(4), { encoding: 'utf-16be' }, utf16be));
  add(ordersCase('utf16le-bom-crlf', 'orders-excel-unicode.txt', ORDER_HEADER, plainOrders(4), { encoding: 'utf-16le' }, (t) => concatBytes([0xff, 0xfe], utf16le(t.replaceAll('\n', '\r\n').replaceAll(',', '\t')))));
  add(ordersCase('double-bom', 'orders.csv', ORDER_HEADER, plainOrders(5), { encoding: 'utf-8' }, (t) => concatBytes(UTF8_BOM, UTF8_BOM, utf8(t))));
  add(ordersCase('shift-jis', '受注一覧.csv', ['受注番号', '会員番号', '受注日', '合計金額', '店舗'], jaLines.map((l) => ({ ...l, cells: l.cells.map((c) => c.replace('𠮷', '吉')) })), { encoding: 'shift_jis' }, (t) => encodeCp932(t.replaceAll('\n', '\r\n'))));
  {
    // Mixed encodings: a UTF-8 export with one line pasted in from a Shift_JIS file. The UTF-8 rows
    // must keep their text; the Shift_JIS line is the one that is not valid text.
    const lines = plainOrders(5).map((l) => ({ ...l, cells: [...l.cells, '東京店'] }));
    const head = utf8(csv(jaHeader, lines.map((l) => l.cells)));
    const sjis = concatBytes(utf8('O99,C9,2024-02-01,500,'), encodeCp932('大阪店'), utf8('\n'));
    const expect = tally([...lines, { cells: [], customer: 'C9', amount: 500, refuse: 'reader' }]);
    add({
      name: 'mixed-encodings', fileName: 'orders-mixed.csv', kind: 'orders', file: concatBytes(head, sjis),
      expect: { ...expect, encoding: 'utf-8', exact: { table: 'orders', column: 'store', values: ['東京店'] } }
    });
  }
  {
    // NUL bytes deep in a UTF-8 file (past the sniffing sample): the row holding them is refused,
    // the others load.
    const lines = plainOrders(1000);
    const rows = lines.map((l) => l.cells.join(','));
    const nulRow = 600;
    const bytes = concatBytes(
      utf8(ORDER_HEADER.join(',') + '\n' + rows.slice(0, nulRow).join('\n') + '\n'),
      utf8(`O${nulRow},C0,2024-01-10,`), [0x31, 0, 0x32], utf8('\n'),
      utf8(rows.slice(nulRow + 1).join('\n') + '\n')
    );
    const model = lines.map((l, i) => (i === nulRow ? { ...l, refuse: 'invalid_number' as const } : l));
    add({ name: 'nul-bytes-deep', fileName: 'orders.csv', kind: 'orders', file: bytes, expect: tally(model) });
  }

  // --- Structure ------------------------------------------------------------------------------
  {
    const lines: Line[] = [
      ...plainOrders(3),
      { cells: ['O3', 'C0', '2024-01-13', '1030', 'extra'], customer: 'C0', amount: 1030, refuse: 'reader' },
      { cells: ['O4', 'C1', '2024-01-14'], customer: 'C1', amount: 0, refuse: 'reader' },
      ...plainOrders(3, 5)
    ];
    add({ name: 'ragged-rows', fileName: 'ragged.csv', kind: 'orders', file: utf8(csv(ORDER_HEADER, []) + lines.map((l) => l.cells.join(',')).join('\n') + '\n'), expect: tally(lines) });
  }
  {
    // A quote opened in the middle of a field and never closed, on the last line.
    const lines: Line[] = [...plainOrders(4), { cells: [], customer: 'C1', amount: 5, refuse: 'reader' }];
    const text = csv(ORDER_HEADER, plainOrders(4).map((l) => l.cells)) + 'O9,C1,2024-03-01,"5\n';
    add({ name: 'unbalanced-quote-last', fileName: 'quote.csv', kind: 'orders', file: utf8(text), expect: tally(lines) });
  }
  {
    // A stray quote inside an unquoted field (6" wide), between good rows: read as the text it is.
    const header = [...ORDER_HEADER, 'item'];
    const lines: Line[] = [
      ...plainOrders(2).map((l) => ({ ...l, cells: [...l.cells, 'mug'] })),
      { cells: ['O2', 'C2', '2024-03-12', '1020', 'plate 6" wide'], customer: 'C2', amount: 1020 },
      ...plainOrders(2, 3).map((l) => ({ ...l, cells: [...l.cells, 'bowl'] }))
    ];
    add({ name: 'stray-quote', fileName: 'stray-quote.csv', kind: 'orders', file: utf8([header, ...lines.map((l) => l.cells)].map((r) => r.join(',')).join('\n') + '\n'), expect: tally(lines) });
  }
  {
    // A quote opened in an amount on line 5 and closed on line 9: lines 6–8 are inside that value.
    const before = plainOrders(3);
    const after = plainOrders(3, 20);
    const text = csv(ORDER_HEADER, before.map((l) => l.cells)) + 'O50,C1,2024-01-02,"100\n' + plainOrders(3, 10).map((l) => l.cells.join(',')).join('\n') + '\nO60,C2,2024-01-03,5"\n' + after.map((l) => l.cells.join(',')).join('\n') + '\n';
    const lines = [...before, { cells: [], customer: 'C1', amount: 0, refuse: 'invalid_number' as const }, ...after];
    add({ name: 'quote-closed-late', fileName: 'late-quote.csv', kind: 'orders', file: utf8(text), expect: { ...tally(lines), spanning: { rows: 1, line: 5 } } });
  }
  {
    // A quote opened on line 3 of a 3 MB file and never closed: everything after it is one value.
    const before = plainOrders(1);
    const text = csv(ORDER_HEADER, before.map((l) => l.cells)) + 'O50,C1,2024-01-02,"100\n' + plainOrders(120_000, 100).map((l) => l.cells.join(',')).join('\n') + '\n';
    const lines = [...before, { cells: [], customer: 'C1', amount: 0, refuse: 'reader' as const }];
    add({ name: 'quote-never-closed-big', fileName: 'big-unclosed.csv', kind: 'orders', file: utf8(text), expect: { ...tally(lines), spanning: { rows: 1, line: 3 } } });
  }
  {
    // Rows of delimiters only (a spreadsheet's formatted but empty rows): refused as empty.
    const lines: Line[] = [...plainOrders(2), ...[0, 1, 2].map((): Line => ({ cells: ['', '', '', ''], customer: null, amount: 0, refuse: 'empty' }))];
    add({ ...ordersCase('delimiter-only-rows', 'padded.csv', ORDER_HEADER, lines), expect: { ...tally(lines), reasons: { empty: 6 } } });
  }
  add({
    name: 'one-column', fileName: 'members.csv', kind: 'customers', file: utf8('customer_id\nC1\nC2\nC3\n'),
    expect: { outcome: 'load', dataRows: 3, loaded: 3, rejected: 0, customers: 3, exact: { table: 'customers', column: 'customer_id', values: ['C1', 'C2', 'C3'] } }
  });
  {
    // Ids with leading zeros stay text; a row repeated exactly is counted as loaded and reported.
    const lines = [order(1, '00123', 100), order(2, '0123', 200), order(3, '123', 300), order(3, '123', 300), { ...order(4, '00123', 50), cells: ['O1', '0124', '2024-03-01', '50'], customer: '0124' }];
    add(ordersCase('leading-zeros-duplicates', 'zeros.csv', ORDER_HEADER, lines, { duplicateRows: 1, conflictingOrderIds: 1, exact: { table: 'orders', column: 'customer_id', values: ['00123', '0123', '123', '0124'] } }));
  }
  {
    // Excel's text guard ="…", written by exports to keep leading zeros: the ids are the text inside.
    const lines = [order(1, '00123', 100), order(2, '00456', 200), order(3, '00123', 300)].map((l) => ({ ...l, cells: [l.cells[0], `="${l.customer}"`, l.cells[2], `="${l.amount}"`] }));
    add(ordersCase('excel-text-guard', 'guarded.csv', ORDER_HEADER, lines, { exact: { table: 'orders', column: 'customer_id', values: ['00123', '00456'] } }));
  }
  {
    const big = repeat('あいうえおかきくけこ', 35_000); // ≈ 1 MB of UTF-8 in one field
    const lines = plainOrders(4).map((l, i) => ({ ...l, cells: [...l.cells, i === 1 ? big : 'short'] }));
    add(ordersCase('megabyte-field', 'long-comment.csv', [...ORDER_HEADER, 'memo'], lines));
  }
  {
    const header = [...ORDER_HEADER, ...Array.from({ length: 996 }, (_, i) => `attr_${i + 1}`)];
    const lines = plainOrders(5).map((l) => ({ ...l, cells: [...l.cells, ...Array.from({ length: 996 }, (_, i) => String(i))] }));
    add(ordersCase('thousand-columns', 'wide.csv', header, lines));
  }
  {
    // Two columns called amount (the first one wins) and blank header cells.
    const header = ['order_id', 'customer_id', 'order_date', 'amount', 'amount', '', ''];
    const lines = plainOrders(4).map((l) => ({ ...l, cells: [...l.cells, '999', 'x', ''] }));
    add(ordersCase('duplicate-blank-headers', 'dup-headers.csv', header, lines));
  }
  {
    // The header on line 5, below a title, an export date, a blank line and a note.
    const lines = plainOrders(6);
    const text = '売上明細\n出力日: 2024/04/01\n\n対象: 全店舗\n' + csv(ORDER_HEADER, lines.map((l) => l.cells));
    add({ name: 'header-on-row-5', fileName: '売上明細.csv', kind: 'orders', file: utf8(text), expect: { ...tally(lines), skippedLines: 4 } });
  }
  {
    // A trailing delimiter on some lines only (a hand-edited export): the blank field is no data.
    const lines = plainOrders(4).map((l, i) => (i % 2 ? l : { ...l, cells: [...l.cells, ''] }));
    add({
      name: 'trailing-delimiter-some-lines', fileName: 'trailing.csv', kind: 'orders',
      file: utf8(ORDER_HEADER.join(',') + '\n' + lines.map((l) => l.cells.join(',')).join('\n') + '\n'), expect: tally(lines)
    });
  }
  add(ordersCase('semicolon', 'orders-eu.csv', ORDER_HEADER, plainOrders(4), {}, (t) => utf8(t.replaceAll(',', ';'))));
  add(ordersCase('tab-crlf', 'orders.tsv', ORDER_HEADER, plainOrders(4), {}, (t) => utf8(t.replaceAll(',', '\t').replaceAll('\n', '\r\n'))));
  add(ordersCase('mixed-line-endings', 'orders.csv', ORDER_HEADER, plainOrders(6), {}, (t) => utf8(t.split('\n').map((l, i) => l + (i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\n' : '\r')).join('').replace(/[\r\n]+$/, '\r\n'))));
  add(ordersCase('excel-sep-line', 'excel-sep.csv', ORDER_HEADER, plainOrders(3), { skippedLines: 1 }, (t) => utf8('sep=;\n' + t.replaceAll(',', ';'))));
  add(ordersCase('cr-only-line-endings', 'classic-mac.csv', ORDER_HEADER, plainOrders(4), {}, (t) => utf8(t.replaceAll('\n', '\r'))));
  add(ordersCase('no-final-newline', 'orders.csv', ORDER_HEADER, plainOrders(3), {}, (t) => utf8(t.trimEnd())));

  // --- Dates ----------------------------------------------------------------------------------
  {
    const spellings = [
      '2024-03-05', '2024/3/5', '2024/03/05 10:00', '2024年3月5日', '2024.3.5', '20240305', '2024-03-05T10:00:00+09:00',
      '2024-03-05T01:00:00Z', '２０２４／３／５', '45356', '令和6年3月5日', 'R6.3.5', '20240305103309', '2024-03-05 23:59:59',
      '2024-03-05 10:00:00.123', 'H31.4.30', '平成元年1月8日', '2024年03月05日 10:05'
    ];
    const lines: Line[] = spellings.map((d, i) => ({ cells: [`D${i}`, `C${i % 4}`, d, String(100 * (i + 1))], customer: `C${i % 4}`, amount: 100 * (i + 1) }));
    const nonsense: Line[] = [
      { cells: ['X1', 'C1', '2024-13-45', '1'], customer: 'C1', amount: 1, refuse: 'invalid_date' },
      { cells: ['X2', 'C1', '令和99年1月1日', '1'], customer: 'C1', amount: 1, refuse: 'implausible_date' },
      { cells: ['X3', 'C1', '平成32年1月1日', '1'], customer: 'C1', amount: 1, refuse: 'invalid_era_date' },
      { cells: ['X4', 'C1', 'yesterday', '1'], customer: 'C1', amount: 1, refuse: 'invalid_date' },
      { cells: ['X5', 'C1', '2023-02-29', '1'], customer: 'C1', amount: 1, refuse: 'invalid_date' },
      { cells: ['X6', 'C1', '', '1'], customer: 'C1', amount: 1, refuse: 'empty' }
    ];
    add(ordersCase('date-spellings-and-nonsense', 'dates.csv', ORDER_HEADER, [...lines, ...nonsense]));
  }
  add(ordersCase('future-and-1900', 'old-and-future.csv', ORDER_HEADER, [
    order(1, 'C1', 100, '1900-01-01'),
    { ...order(2, 'C1', 100, '1899-12-31'), refuse: 'implausible_date' },
    { ...order(3, 'C2', 300, '2030-06-01'), future: true },
    { ...order(4, 'C2', 400, '2099-12-31'), future: true },
    { ...order(5, 'C2', 500, '2100-01-01'), refuse: 'implausible_date' },
    order(6, 'C3', 600, '2024-05-05')
  ]));
  {
    // Slash dates whose order only the user can tell: the plan says it must ask.
    add({ ...ordersCase('ambiguous-day-month', 'us-dates.csv', ORDER_HEADER, [order(1, 'C1', 10, '03/04/2024'), order(2, 'C2', 20, '05/06/2024'), order(3, 'C1', 30, '07/08/2024')]), asks: { dateOrder: 'mdy' } });
  }

  // --- Numbers --------------------------------------------------------------------------------
  add(ordersCase('european-decimals', 'eu-amounts.csv', ORDER_HEADER, [
    { ...order(1, 'C1', 1200.5), cells: ['O1', 'C1', '2024-01-05', '1.200,50'] },
    { ...order(2, 'C1', 12.5), cells: ['O2', 'C1', '2024-01-06', '12,50'] },
    { ...order(3, 'C2', 1_234_567), cells: ['O3', 'C2', '2024-01-07', '€ 1.234.567'] },
    { ...order(4, 'C2', -3.5), cells: ['O4', 'C2', '2024-01-08', '-3,5'] },
    { ...order(5, 'C2', 0), cells: ['O5', 'C2', '2024-01-09', '1 200,50'], refuse: 'invalid_number' },
    { ...order(6, 'C2', 0), cells: ['O6', 'C2', '2024-01-10', '1’200.50'], refuse: 'invalid_number' }
  ]));
  // Only numbers like 1.200: twelve hundred or 1.2? The user is asked (here: a comma file).
  add({ ...ordersCase('european-thousands-only', 'eu-integers.csv', ORDER_HEADER, [
    { ...order(1, 'C1', 1200), cells: ['O1', 'C1', '2024-01-05', '1.200'] },
    { ...order(2, 'C1', 15000), cells: ['O2', 'C1', '2024-01-06', '15.000'] },
    order(3, 'C2', 800)
  ]), asks: { decimalMark: ',' } });
  // Both marks' decimals in one file: the points stand, the comma decimals are refused, not misread.
  add(ordersCase('mixed-decimal-marks', 'mixed-marks.csv', ORDER_HEADER, [
    { ...order(1, 'C1', 1200.5), cells: ['O1', 'C1', '2024-01-05', '1,200.50'] },
    { ...order(2, 'C1', 2.25), cells: ['O2', 'C1', '2024-01-06', '2.25'] },
    { ...order(3, 'C2', 0), cells: ['O3', 'C2', '2024-01-07', '1.200,50'], refuse: 'invalid_number' },
    { ...order(4, 'C2', 0), cells: ['O4', 'C2', '2024-01-08', '12,50'], refuse: 'invalid_number' }
  ]));
  {
    // A second header row (Japanese names above English ones): refused as the data it is not.
    const lines: Line[] = [{ cells: ['order_id', 'customer_id', 'order_date', 'amount'], customer: null, amount: 0, refuse: 'invalid_date' }, ...plainOrders(3)];
    add(ordersCase('two-header-rows', '二段見出し.csv', ['注文番号', '会員番号', '注文日', '金額'], lines, { reasons: { invalid_date: 1, invalid_number: 1 } }));
  }
  add(ordersCase('negative-and-huge', 'amounts.csv', ORDER_HEADER, [
    order(1, 'C1', -500), order(2, 'C1', 1e12), order(3, 'C2', 999_999_999_999.99), order(4, 'C2', 0.01),
    { ...order(5, 'C3', -1234), cells: ['O5', 'C3', '2024-02-05', '△1,234'] },
    { ...order(6, 'C3', -300), cells: ['O6', 'C3', '2024-02-06', '(300)'] },
    { ...order(7, 'C3', 1e300), cells: ['O7', 'C3', '2024-02-07', '1e300'] },
    { ...order(8, 'C3', 120000), cells: ['O8', 'C3', '2024-02-08', '1.2E+05'] }
  ]));
  add(ordersCase('nan-infinity', 'nan.csv', ORDER_HEADER, [
    order(1, 'C1', 100),
    ...['NaN', 'Infinity', '-Infinity', 'inf', '#VALUE!', '#DIV/0!', 'null', '1e999'].map((v, i): Line => ({ cells: [`N${i}`, 'C1', '2024-01-05', v], customer: 'C1', amount: 0, refuse: 'invalid_number' }))
  ]));
  add(ordersCase('full-width-and-yen', '金額.csv', ORDER_HEADER, [
    { ...order(1, 'C1', 1200), cells: ['O1', 'C1', '2024-01-05', '１２００'] },
    { ...order(2, 'C1', 1234), cells: ['O2', 'C1', '2024-01-06', '¥1,234'] },
    { ...order(3, 'C2', 5000), cells: ['O3', 'C2', '2024-01-07', '5,000円'] },
    { ...order(4, 'C2', -50), cells: ['O4', 'C2', '2024-01-08', '▲50'] }
  ]));

  // --- Customer ids ---------------------------------------------------------------------------
  add(ordersCase('missing-and-blank-ids', 'guests.csv', ORDER_HEADER, [
    order(1, 'C1', 100), order(2, null, 200), { ...order(3, null, 300), cells: ['O3', '   ', '2024-01-13', '300'] },
    { ...order(4, null, 400), cells: ['O4', '\u3000', '2024-01-14', '400'] },
    { ...order(5, 'C1', 500), cells: ['O5', ' C1 ', '2024-01-15', '500'] },
    { ...order(6, 'C1', 600), cells: ['O6', 'Ｃ１', '2024-01-16', '600'] },
    order(7, 'C2', 700)
  ]));
  {
    // A customer master with broken birthdays and join dates: warnings, every customer kept.
    const text = csv(['customer_id', 'birthday', 'member_since', 'tier'], [
      ['M1', '1980-01-01', '2020-04-01', 'Gold'], ['M2', '1980-02-30', '2021-01-01', 'Silver'], ['M3', '', 'not a date', ''],
      ['', '1990-01-01', '2020-01-01', 'Gold'], ['M4', '昭和55年5月5日', 'R2.4.1', 'Bronze']
    ]);
    add({
      name: 'customers-bad-dates', fileName: '会員.csv', kind: 'customers', file: utf8(text),
      expect: { outcome: 'load', dataRows: 5, loaded: 4, rejected: 1, warnings: 2, reasons: { invalid_date: 2, empty: 1 }, customers: 4 }
    });
  }

  // --- Survey answers -------------------------------------------------------------------------
  {
    const rows = [
      ['2024-03-01', 'M1', '10', 'great'], ['2024-03-02', 'M2', '0', 'bad'], ['2024-03-03', 'M3', '11', ''], ['2024-03-04', 'M4', '-1', ''],
      ['2024-03-05', 'M5', '7.5', ''], ['2024-03-06', 'M6', '99', 'don’t know'], ['2024-03-07', 'M7', '', ''], ['2024-03-08', 'M8', '５', '']
    ];
    add({
      name: 'scores-out-of-range', fileName: 'nps.csv', kind: 'responses', file: utf8(csv(['response_date', 'customer_id', 'nps_score', 'comment'], rows)),
      expect: { outcome: 'load', dataRows: 8, loaded: 3, rejected: 5, reasons: { score_out_of_range: 4, empty: 1 }, responses: 3 }
    });
  }

  // --- Payloads in text -----------------------------------------------------------------------
  {
    const markup = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '<b>太字</b> & "quoted"', '</td></tr><tr><td>injected', '{{7*7}} ${7*7}'];
    const rows = markup.map((m, i) => [`2024-04-0${i + 1}`, `M${i}`, String(i + 6), m]);
    add({
      name: 'markup-comments', fileName: 'survey-markup.csv', kind: 'responses', payload: 'markup', file: utf8(csv(['response_date', 'customer_id', 'nps', 'comment'], rows)),
      expect: { outcome: 'load', dataRows: 5, loaded: 5, rejected: 0, responses: 5, exact: { table: 'responses', column: 'comment', values: markup } }
    });
  }
  {
    // Markup in a customer's name and in a date the importer refuses: both reach the page (the
    // mapping preview, the issue list) and must be shown as text.
    const header = ['order_id', 'customer_id', 'customer_name', 'order_date', 'amount'];
    const names = ['<img src=x onerror="window.__kzInjected=1">', '<b>山田</b>', '<a href="javascript:alert(1)">link</a>'];
    const lines: Line[] = [
      ...names.map((n, i) => ({ cells: [`O${i}`, `C${i}`, n, '2024-05-01', String(100 * (i + 1))], customer: `C${i}`, amount: 100 * (i + 1) })),
      { cells: ['O9', 'C9', 'x', '<svg onload="window.__kzInjected=2">', '5'], customer: 'C9', amount: 5, refuse: 'invalid_date' }
    ];
    add({ ...ordersCase('markup-names', 'markup.csv', header, lines), payload: 'markup' });
  }
  {
    const formulas = ['=HYPERLINK("http://evil.invalid","click")', '+1+1', '-2+3', '@SUM(A1:A9)', '=cmd|\' /C calc\'!A0', '\t=1+1'];
    const lines = plainOrders(formulas.length).map((l, i) => ({ ...l, cells: [...l.cells, formulas[i]] }));
    add({ ...ordersCase('formula-stores', 'formula.csv', [...ORDER_HEADER, 'store'], lines), payload: 'formula' });
    const rows = formulas.map((f, i) => [`2024-04-0${i + 1}`, `M${i}`, String(i + 4), f]);
    add({
      name: 'formula-comments', fileName: 'survey-formula.csv', kind: 'responses', payload: 'formula', file: utf8(csv(['response_date', 'customer_id', 'nps', 'comment'], rows)),
      expect: { outcome: 'load', dataRows: formulas.length, loaded: formulas.length, rejected: 0, responses: formulas.length }
    });
    // A formula where a number belongs: refused, and the issue list's download shows it as text.
    add({
      ...ordersCase('formula-amount', 'formula-amount.csv', ORDER_HEADER, [order(1, 'C1', 100), { cells: ['O2', 'C1', '2024-01-02', '=1+1'], customer: 'C1', amount: 0, refuse: 'invalid_number' }]),
      payload: 'formula'
    });
  }
  {
    const names = ['مرحبا بالعالم', 'שלום', 'abc \u202Eevil\u202C def', '😀👍🏽 emoji', '𠮷野家 𩸽', '👨‍👩‍👧‍👦 family', 'e\u0301 combining'];
    const lines = plainOrders(names.length).map((l, i) => ({ ...l, cells: [...l.cells, names[i]] }));
    add({ ...ordersCase('rtl-emoji-astral', 'unicode.csv', [...ORDER_HEADER, 'store'], lines), expect: { ...tally(lines), exact: { table: 'orders', column: 'store', values: names } } });
  }
  return cases;
}
