/**
 * The data behind a chart as a plain table: what the CSV download and the
 * accessible table view show. Rows hold raw values (numbers stay numbers, percents
 * are fractions 0..1, months are 'YYYY-MM'); only the column labels are localised.
 */

import { WITHHELD_COUNT, WITHHELD_VALUE, type Withheld } from '../analyses/withhold';

export type ColumnKind = 'text' | 'number' | 'money' | 'percent' | 'date';

export interface ChartColumn {
  key: string;
  label: string;
  kind?: ColumnKind;
}

export type CellValue = string | number | null;

export interface ChartTable {
  columns: ChartColumn[];
  rows: Record<string, CellValue>[];
}

/**
 * A cell of a figure that a snapshot may withhold (`withheld` from the result; see
 * analyses/withhold.ts): the size of a small group reads "< 5", anything else withheld "—".
 */
export function cell(value: number | null, withheld: Withheld | null | undefined, isCount = false): CellValue {
  if (value !== null || !withheld) return value;
  return isCount && withheld === 'small' ? WITHHELD_COUNT : WITHHELD_VALUE;
}

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula
 * (OWASP "CSV injection"). Tab and CR are included because some importers strip
 * them and then see the next character.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A negative number written as text ("-5", "-1234.5", "-1,234"): a spreadsheet reads it as
 * the number it is and runs nothing, so it keeps its sign rather than becoming the text "'-5".
 * Only digits may follow the sign: "-2+3" or "-1e9" are neutralised like any formula start.
 */
const NEGATIVE_NUMBER = /^-(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;

/** Whether a text cell is given a leading `'` so that a spreadsheet shows it as text. */
export function neutralised(text: string): boolean {
  return FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text);
}

function escapeText(text: string): string {
  // Neutralise formulas first, then quote: the quote prefix must be inside the field.
  const safe = neutralised(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * One CSV field, the only way the app writes one: empty for null, a number as a plain number
 * (negative ones included: a number is data, never a formula; non-finite ones have no
 * spreadsheet meaning and become empty), text neutralised against formulas (see
 * `neutralised`) and quoted when it holds `,` `"` CR or LF (RFC 4180).
 */
export function csvField(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return String(Object.is(value, -0) ? 0 : value);
  }
  return escapeText(value);
}

/**
 * RFC 4180 CSV: a header row of column labels, then one record per row, every record
 * ended by CRLF, fields with `,` `"` CR or LF quoted and `"` doubled. Starts with a
 * UTF-8 byte-order mark so Excel opens Japanese text correctly.
 *
 * Text cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so a
 * spreadsheet shows them as text instead of running them as a formula. This applies
 * to text cells (and labels) only, and not to a negative number written as text; number
 * cells, negative ones included, are written as they are (see `csvField`). Every CSV the
 * app or the command line writes for the user goes through here.
 */
export function tableToCsv(t: ChartTable): string {
  const lines = [t.columns.map((c) => csvField(c.label)).join(',')];
  for (const row of t.rows) {
    lines.push(t.columns.map((c) => csvField(row[c.key])).join(','));
  }
  return BOM + lines.join(CRLF) + CRLF;
}

/** Decodes a base64 `data:` URL (e.g. from `chart.getDataURL()`) into a Blob. */
export function dataUrlToBlob(dataUrl: string): Blob {
  const match = /^data:([^;,]*)((?:;[^;,]*)*?);base64,(.*)$/s.exec(dataUrl);
  if (!match) throw new Error('not a base64 data URL');
  const bytes = Uint8Array.from(atob(match[3]), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: match[1] || 'application/octet-stream' });
}

/** Saves a Blob as a file through a temporary `<a download>`. Browser only. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoking in the same task can cancel the download in some browsers (Safari,
    // older Firefox); give the download a moment to start.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
