/** Delimiter and header detection on a decoded text sample. Pure, so it is tested directly. */

export type Delimiter = ',' | '\t' | ';' | '|';
const CANDIDATES: Delimiter[] = [',', '\t', ';', '|'];
const SAMPLE_RECORDS = 200;

export interface SniffResult {
  delimiter: Delimiter;
  hasHeader: boolean;
  /** The first records, split (header included when present; title lines above it not). */
  records: string[][];
  /** Lines above the header that are not part of the table (a title, an export date), blank lines included. */
  skipLines: number;
  /** Those lines' text, to show the user what was left out. */
  skipped: string[];
}

/** RFC 4180 splitting of the first `limit` records. */
export function splitRecords(text: string, delimiter: string, limit: number): string[][] {
  return splitWithLines(text, delimiter, limit).records;
}

/** The records and, for each, the number of lines before it (blank lines count; a quoted line break does not). */
function splitWithLines(text: string, delimiter: string, limit: number): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 0;
  let start = 0;
  let field = '';
  let row: string[] = [];
  let inQuotes = false;
  let i = 0;
  const n = text.length;
  while (i < n && records.length < limit) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') inQuotes = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      if (!(row.length === 1 && row[0] === '')) {
        records.push(row);
        lines.push(start);
      }
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = ++line;
    } else field += ch;
    i++;
  }
  if ((field !== '' || row.length > 0) && records.length < limit) {
    row.push(field);
    if (!(row.length === 1 && row[0] === '')) {
      records.push(row);
      lines.push(start);
    }
  }
  return { records, lines };
}

function mode(values: number[]): { value: number; share: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount || (c === bestCount && v > best)) [best, bestCount] = [v, c];
  return { value: best, share: values.length ? bestCount / values.length : 0 };
}

const NUMBERISH = /^[\s¥￥$€£\\+\-−△▲(]*[0-9０-９][0-9０-９,，.．]*\s*(円|%)?\)?\s*$/;
const DATEISH = /^\d{4}[-/年.]\d{1,2}|^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|^\d{8}$|^(令和|平成|昭和|大正|明治|[MTSHR])\s*(\d{1,2}|元)\s*[年./-]\s*\d{1,2}/i;

const EMAILISH = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** No letter of any script but a digit: `00001 0001 19970101 1 11.77`, `090-1234-5678`. */
const DIGITS_ONLY = /^[^\p{L}]*\d[^\p{L}]*$/u;

const typed = (c: string) => NUMBERISH.test(c) || DATEISH.test(c) || EMAILISH.test(c) || DIGITS_ONLY.test(c);

/**
 * A header row is one whose cells look like names, not like the data below them.
 * Free text over free text is still most likely a header: that is the shape of an export.
 * A first row that repeats a name (`金額,金額`, blank-padded columns) is a header too when
 * the data below it shows what it is not: a column of numbers or dates under a name. Without
 * such a column, repeated text is as likely a first data row (`東京,東京`).
 */
function looksLikeHeader(first: string[], below: string[][] = []): boolean {
  const cells = first.map((c) => c.trim());
  if (cells.some(typed)) return false;
  const named = cells.filter((c) => c !== '');
  if (new Set(named).size === named.length) return true;
  const rows = below.slice(0, 50);
  return cells.some((c, i) => {
    if (c === '') return false;
    const values = rows.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');
    return values.length > 0 && values.filter(typed).length / values.length >= 0.8;
  });
}

export function sniff(text: string): SniffResult {
  let best: { d: Delimiter; score: number; width: number } = { d: ',', score: -1, width: 1 };
  for (const d of CANDIDATES) {
    const records = splitRecords(text, d, 50);
    if (records.length === 0) continue;
    const m = mode(records.map((r) => r.length));
    if (m.value < 2) continue;
    // Consistency first, then width: a comma inside a tab-separated file must not win.
    const score = m.share * 1000 + m.value;
    if (score > best.score) best = { d, score, width: m.value };
  }
  const split = splitWithLines(text, best.d, SAMPLE_RECORDS + MAX_TITLE_LINES);
  // Title lines (a report name, an export date) above the header: skipped only when a header follows.
  // A one-column table has no title line to tell apart: every line is as narrow as a title.
  let skip = 0;
  while (best.width > 1 && skip < MAX_TITLE_LINES && skip + 2 < split.records.length && isTitle(split.records[skip], best.width)) skip++;
  if (skip > 0 && !looksLikeHeader(split.records[skip], split.records.slice(skip + 1))) skip = 0;
  const records = split.records.slice(skip, skip + SAMPLE_RECORDS);
  const hasHeader = records.length > 0 && looksLikeHeader(records[0], records.slice(1));
  return {
    delimiter: best.d,
    hasHeader,
    records,
    skipLines: skip > 0 ? split.lines[skip] : 0,
    skipped: split.records.slice(0, skip).map((r) => r.filter((c) => c.trim() !== '').join(' '))
  };
}

const MAX_TITLE_LINES = 10;

/** Narrower than the table, or nearly empty across it (`売上一覧,,,,`). */
function isTitle(record: string[], width: number): boolean {
  return record.length < width || record.filter((c) => c.trim() !== '').length <= Math.max(1, Math.floor(width / 3));
}

/**
 * A table whose columns are lined up with runs of spaces (or tabs) instead of a delimiter, as
 * fixed-width exports and the CDNOW files are: no delimiter splits its lines, and splitting on
 * whitespace gives the same number (two or more) of fields on at least 4 lines in 5. Quotes rule it
 * out (a quoted field may hold spaces, and that is a delimited file gone wrong, not this).
 */
export function isWhitespaceAligned(text: string): boolean {
  if (text.includes('"')) return false;
  for (const d of CANDIDATES) if (mode(splitRecords(text, d, 50).map((r) => r.length)).value >= 2) return false;
  const lines = text.split(LINE_BREAK).filter((l) => l.trim() !== '').slice(0, 50);
  const m = mode(lines.map((l) => alignedFields(l).length));
  return m.value >= 2 && m.share >= 0.8;
}

/**
 * Whitespace-aligned text → comma-separated, line for line (blank lines stay, so every line
 * keeps its number for messages). Fields never hold spaces, commas or quotes in such a file
 * except by accident; a comma is quoted so that it stays inside its field.
 */
export function alignedToCsv(text: string): string {
  const field = (f: string) => (f.includes(',') ? `"${f}"` : f);
  return text
    .split(LINE_BREAK)
    .map((line) => (line.trim() === '' ? '' : alignedFields(line).map(field).join(',')))
    .join('\n');
}

const LINE_BREAK = /\r\n|\r|\n/;

/** An aligned line's fields: what runs of spaces or tabs separate. */
function alignedFields(line: string): string[] {
  return line.trim().split(/[ \t]+/);
}
