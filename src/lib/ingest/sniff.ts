/** Delimiter and header detection on a decoded text sample. Pure, so it is tested directly. */

export type Delimiter = ',' | '\t' | ';' | '|';
const CANDIDATES: Delimiter[] = [',', '\t', ';', '|'];
const SAMPLE_RECORDS = 200;

export interface SniffResult {
  delimiter: Delimiter;
  hasHeader: boolean;
  /** The first records, split (header included when present). */
  records: string[][];
}

/** RFC 4180 splitting of the first `limit` records. */
export function splitRecords(text: string, delimiter: string, limit: number): string[][] {
  const records: string[][] = [];
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
      records.push(row);
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if ((field !== '' || row.length > 0) && records.length < limit) {
    row.push(field);
    records.push(row);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
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
const DATEISH = /^\d{4}[-/年.]\d{1,2}|^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|^\d{8}$/;

const EMAILISH = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** No letter of any script but a digit: `00001 0001 19970101 1 11.77`, `090-1234-5678`. */
const DIGITS_ONLY = /^[^\p{L}]*\d[^\p{L}]*$/u;

/** A header row is one whose cells look like names, not like the data below them. */
// Free text over free text is still most likely a header: that is the shape of an export.
function looksLikeHeader(first: string[]): boolean {
  const cells = first.map((c) => c.trim());
  if (cells.some((c) => NUMBERISH.test(c) || DATEISH.test(c) || EMAILISH.test(c) || DIGITS_ONLY.test(c))) return false;
  const named = cells.filter((c) => c !== '');
  return new Set(named).size === named.length;
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
  const records = splitRecords(text, best.d, SAMPLE_RECORDS);
  const hasHeader = records.length > 0 && looksLikeHeader(records[0]);
  return { delimiter: best.d, hasHeader, records };
}
