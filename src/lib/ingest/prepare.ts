/**
 * A dropped file → a proposed plan: what it is, how it is encoded and delimited, what each
 * column probably means, and a preview. Registers the file with DuckDB on the way (UTF-8 files
 * as handles, without copying; other encodings transcoded to UTF-8 first, chunk by chunk).
 */
import { readingFiles, toRows, type Database } from '../engine/types';
import { HEAD_BYTES, detectFormat, headText } from './encoding';
import { transcodeBlob } from './transcode';
import { xlsxToCsv } from './excel';
import { readCsv } from './load';
import { detectDateOrder, detectScoreScale, missingRoles, proposeRoles } from './roles';
import { detectCurrency } from './currency';
import { alignedToCsv, isWhitespaceAligned, sniff, type SniffResult } from './sniff';
import { blobHasMixedLineEndings, countLineEndings, mixedLineEndings, normalizeLineEndings } from './newlines';
import { readableError } from './errors';
import { detectDecimalMark } from './decimal';
import type { FileInspection, FilePlan, FileProblem, Role, ScaleReason } from './types';

export interface NamedBlob extends Blob {
  readonly name: string;
}

const PREVIEW_ROWS = 20;
/** Columns whose numbers tell the file's decimal mark (scores are small whole numbers: no clue). */
const NUMBER_ROLES: Role[] = ['amount', 'unit_price', 'refund', 'quantity', 'points_earned', 'points_used'];
const SAMPLE_ROWS = 500;

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/** The header set, order-insensitive, that remembers the user's mapping on this device. */
export function headerSignature(labels: string[]): string {
  return [...labels].map((l) => l.trim().toLowerCase()).sort().join('\u001f');
}

/**
 * Column names for the reader, decided here rather than by DuckDB's sniffer so the preview and
 * the load read the same columns: the header's names (trimmed; blanks and repeats made unique
 * the way DuckDB does), or `column0`, `column1`… without a header. A data row wider than the
 * header (an unnamed trailing column) adds columns rather than rejecting every row.
 */
export function columnNames(sniffed: SniffResult): string[] {
  let header = sniffed.hasHeader ? (sniffed.records[0] ?? []) : [];
  const widths = sniffed.records.slice(sniffed.hasHeader ? 1 : 0).map((r) => r.length);
  const counts = new Map<number, number>();
  for (const w of widths) counts.set(w, (counts.get(w) ?? 0) + 1);
  let dataWidth = 0;
  let best = 0;
  for (const [w, n] of counts) if (n > best || (n === best && w > dataWidth)) [dataWidth, best] = [w, n];
  // A header line ending in a delimiter ("a,b,") over rows without one: the blank name is not a column.
  while (header.length > dataWidth && dataWidth > 0 && header[header.length - 1].trim() === '') header = header.slice(0, -1);
  // Rows ending in a delimiter (some or all) under a header without one: blank fields past the
  // header are no column (the reader takes trailing empty fields as the row's end), else the
  // rows without them would be refused as short.
  const data = sniffed.records.slice(sniffed.hasHeader ? 1 : 0);
  if (header.length > 0 && dataWidth > header.length && data.every((r) => r.slice(header.length).every((c) => c.trim() === ''))) dataWidth = header.length;
  const width = Math.max(header.length, dataWidth, 1);
  const digits = String(width - 1).length;
  const used = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < width; i++) {
    let name = (header[i] ?? '').replace(/^\uFEFF+/, '').trim();
    if (name === '') name = sniffed.hasHeader ? `column${i}` : `column${String(i).padStart(digits, '0')}`;
    let unique = name;
    for (let k = 1; used.has(unique); k++) unique = `${name}_${k}`;
    used.add(unique);
    names.push(unique);
  }
  return names;
}

/** An error while reading a file, sorted for the user's message (see errors.ts). */
function unreadable(e: unknown): FileProblem {
  const { code, line, raw } = readableError(e);
  return { code: 'unreadable', reason: code, ...(line !== undefined ? { line } : {}), detail: raw };
}

/**
 * Whether a UTF-8 file mixes line endings. Only a file whose first megabyte has a CR can (a
 * file of LF lines is taken as one): then the rest is scanned as a stream too.
 */
async function hasMixedLineEndings(file: Blob, head: Uint8Array, whole: boolean): Promise<boolean> {
  const counts = countLineEndings(head);
  if (mixedLineEndings(counts)) return true;
  if (whole || counts.crlf === 0) return false;
  return blobHasMixedLineEndings(file);
}

export async function inspectFile(db: Database, file: NamedBlob, index: number): Promise<FileInspection> {
  const base = { fileName: file.name, sizeBytes: file.size };
  if (file.size === 0) return { ...base, problem: { code: 'empty' } };
  const head = await bytesOf(file.slice(0, HEAD_BYTES));
  const whole = file.size <= HEAD_BYTES;
  const guess = detectFormat(head, whole);
  if (guess.kind === 'empty') return { ...base, problem: { code: 'empty' } };
  if (guess.kind === 'binary') return { ...base, problem: { code: 'binary', what: guess.what } };

  const path = `file${index}.csv`;
  let text: string;
  let format: FilePlan['format'] = 'csv';
  let encoding: FilePlan['encoding'] = 'utf-8';
  let sheet: string | undefined;
  try {
    if (guess.kind === 'xlsx') {
      format = 'xlsx';
      ({ text, sheet } = await xlsxToCsv(file));
      await db.registerBuffer(path, new TextEncoder().encode(text));
    } else {
      encoding = guess.encoding;
      text = headText(head, guess, whole);
      if (isWhitespaceAligned(text)) {
        format = 'aligned';
        text = alignedToCsv(text);
        await db.registerBuffer(path, await transcodeBlob(file, guess.encoding, guess.bomBytes, { aligned: true }));
      } else if (guess.encoding === 'utf-8' && guess.bomBytes <= 3) {
        // Mixed line endings: the file is rewritten (see newlines.ts); otherwise it is read as it is.
        if (await hasMixedLineEndings(file, head, whole)) {
          const bytes = await bytesOf(file);
          await db.registerBuffer(path, normalizeLineEndings(bytes, bytes));
        }
        else if (db.registerFile) await db.registerFile(path, file);
        else await db.registerBuffer(path, await bytesOf(file));
      } else {
        // Line endings are made uniform on the way (the transcoder counts them as it writes).
        await db.registerBuffer(path, await transcodeBlob(file, guess.encoding, guess.bomBytes));
      }
    }
  } catch (e) {
    return { ...base, problem: unreadable(e) };
  }

  const sniffed: SniffResult = sniff(text);
  // A workbook whose first sheet is blank arrives here as an empty text.
  if (sniffed.records.length === 0) return { ...base, problem: { code: 'empty' } };
  const shape = {
    path, delimiter: sniffed.delimiter, hasHeader: sniffed.hasHeader, skipLines: sniffed.skipLines,
    columns: columnNames(sniffed).map((source) => ({ source }))
  };
  let sample;
  try {
    sample = await readingFiles(db, () => db.query(`SELECT * FROM ${readCsv(shape, 'ignore_errors=true')} LIMIT ${SAMPLE_ROWS}`));
  } catch (e) {
    return { ...base, problem: unreadable(e) };
  }
  if (sample.rowCount === 0) {
    const dataRecords = sniffed.records.length - (sniffed.hasHeader ? 1 : 0);
    if (dataRecords <= 0) return { ...base, problem: { code: sniffed.hasHeader ? 'header_only' : 'empty' } };
    // There are rows, but none has the shape of the first line (a title line above the header?).
    return { ...base, problem: { code: 'unreadable', reason: 'no_consistent_rows', columns: shape.columns.length, detail: '' } };
  }

  const sources = sample.names;
  const labels = sources.map((s, i) => (sniffed.hasHeader ? s.replace(/^\uFEFF+/, '').trim() || `#${i + 1}` : `#${i + 1}`));
  const rows = toRows(sample).map((r) => sources.map((s) => (r[s] === null ? '' : String(r[s]))));
  const proposal = proposeRoles(sniffed.hasHeader ? labels : sources.map(() => ''), rows);
  const dateCols = proposal.columns.flatMap((c, i) => (/date|birthday|since/.test(c.role) ? [i] : []));
  const order = detectDateOrder(dateCols.flatMap((i) => rows.map((r) => r[i])));
  const numberCols = proposal.columns.flatMap((c, i) => (NUMBER_ROLES.includes(c.role) ? [i] : []));
  const decimal = detectDecimalMark(numberCols.flatMap((i) => rows.map((r) => r[i])));
  const roleIndex = (r: string) => proposal.columns.findIndex((c) => c.role === r);
  const firstLine = roleIndex('order_id') >= 0 && roleIndex('amount') >= 0 && amountOnFirstLineOnly(rows, roleIndex('order_id'), roleIndex('amount'));
  const currency = detectCurrency(proposal.columns.map((c, i) => ({ role: c.role, label: labels[i] })), rows);
  const plan: FilePlan = {
    fileName: file.name,
    path,
    format,
    encoding,
    delimiter: sniffed.delimiter,
    hasHeader: sniffed.hasHeader,
    skipLines: sniffed.skipLines,
    skipped: sniffed.skipped,
    ...(sheet !== undefined ? { sheet } : {}),
    ...(firstLine ? { orderLevelOnFirstLine: true } : {}),
    kind: proposal.kind,
    columns: sources.map((source, i) => {
      const values = rows.map((r) => r[i]);
      const filled = values.filter((v) => v.trim() !== '');
      return {
        source,
        label: labels[i],
        role: proposal.columns[i].role,
        reason: proposal.columns[i].reason,
        ...(proposal.columns[i].candidates ? { candidates: proposal.columns[i].candidates } : {}),
        samples: [...new Set(filled)].slice(0, 5),
        filled: values.length ? filled.length / values.length : 0
      };
    }),
    dateOrder: order.order,
    dateOrderAmbiguous: order.ambiguous,
    ...(decimal.mark === ',' || decimal.ambiguous ? { decimalMark: decimal.mark, decimalMarkAmbiguous: decimal.ambiguous } : {}),
    identity: proposal.identity,
    scoreScale: proposal.scoreScale,
    scaleReason: proposal.scaleReason,
    currency: currency.currency,
    currencyClue: currency.clue,
    preview: rows.slice(0, PREVIEW_ROWS),
    signature: headerSignature(labels)
  };
  return { ...base, plan };
}

/**
 * Whether the sample's multi-line orders (consecutive rows with one order id) carry their
 * amount on the first line only, blank on the others (see `FilePlan.orderLevelOnFirstLine`).
 * Every such order must: one line repeating or splitting the amount rules it out.
 */
export function amountOnFirstLineOnly(rows: string[][], orderIdCol: number, amountCol: number): boolean {
  let firstOnly = 0;
  for (let i = 0; i < rows.length; ) {
    const id = rows[i][orderIdCol]?.trim() ?? '';
    let j = i + 1;
    while (j < rows.length && id !== '' && (rows[j][orderIdCol]?.trim() ?? '') === id) j++;
    if (j - i > 1) {
      const filled = rows.slice(i, j).map((r) => (r[amountCol] ?? '').trim() !== '');
      if (!filled[0] || filled.slice(1).some(Boolean)) return false;
      firstOnly++;
    }
    i = j;
  }
  return firstOnly > 0;
}

/** What still blocks loading a plan (empty when it can be loaded). */
export function planProblems(plan: FilePlan): string[] {
  return missingRoles(plan.kind, plan.columns.map((c) => c.role), plan.identity);
}

/**
 * The scale of a score column other than the proposed one (the user's choice), judged from
 * the preview rows the plan keeps: the inspection's larger sample is gone by then.
 */
export function previewScale(plan: FilePlan, index: number): ScaleReason {
  return detectScoreScale(plan.preview.map((r) => r[index] ?? ''), plan.hasHeader ? plan.columns[index].label : '');
}
