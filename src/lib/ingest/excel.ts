/**
 * Excel (.xlsx) → CSV text, first sheet only. read-excel-file is imported only when an Excel
 * file actually arrives, so nobody else downloads it.
 */

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/**
 * Excel dates have no zone: the library hands them over as UTC instants of the wall-clock time.
 * They are fractions of a day in floating point, so 10:33:09 can arrive as 10:33:08.999: round
 * to the second, as Excel displays it.
 */
function dateCell(exact: Date): string {
  const d = new Date(Math.round(exact.getTime() / 1000) * 1000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hasTime = d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds();
  return hasTime ? `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : date;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? dateCell(v) : String(v);
  return /[",\n\r]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

export function rowsToCsv(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

const hasData = (rows: unknown[][]) => rows.some((r) => r.some((v) => v !== null && v !== undefined && String(v).trim() !== ''));

/**
 * The first sheet as CSV; when it is blank (a workbook whose data is on a later sheet, after an
 * empty cover), the first sheet that has data, with its name (`sheet`) so the user is told.
 */
export async function xlsxToCsv(file: Blob): Promise<{ text: string; sheet?: string }> {
  const { default: readXlsxFile, readSheet } = await import('read-excel-file/universal');
  const first = (await readSheet(file)) as unknown[][];
  if (hasData(first)) return { text: rowsToCsv(first) };
  // Only then is every sheet read: most workbooks have their data on the first.
  const later = (await readXlsxFile(file)).find((s) => hasData(s.data as unknown[][]));
  return later ? { text: rowsToCsv(later.data as unknown[][]), sheet: later.sheet } : { text: rowsToCsv(first) };
}
