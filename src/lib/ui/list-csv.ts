/**
 * A list's export (query columns) as CSV through the one CSV writer (charts/table.ts), which
 * neutralises formula payloads (=, +, -, @ at the start of a text cell) and writes the BOM
 * Excel needs for Japanese text.
 */
import { tableToCsv, type CellValue } from '../charts/table';
import type { Cell, Columns } from '../engine/types';

/**
 * `columns` in order, labelled; `value` turns a cell into what the file shows (a group's name
 * for its code, a mark for a boolean); booleans left as they are become TRUE / FALSE.
 */
export function listCsv(data: Columns, columns: readonly { key: string; label: string }[], value?: (key: string, v: Cell) => CellValue | boolean): string {
  const rows = Array.from({ length: data.rowCount }, (_, i) =>
    Object.fromEntries(
      columns.map(({ key }) => {
        const raw = data.columns[key]?.[i] ?? null;
        const v = value ? value(key, raw) : raw;
        return [key, typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v];
      })
    )
  );
  return tableToCsv({ columns: columns.map(({ key, label }) => ({ key, label })), rows });
}
