import type { Cell, Columns } from './types';

/** The parts of an Arrow table we read; kept structural so the node and browser builds both fit. */
interface ArrowLike {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChildAt(i: number): { get(i: number): unknown; length: number } | null;
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return Number(v);
    default:
      if (v instanceof Date) return v.getTime();
      // Lists, structs: flatten to text so the boundary stays plain; analyses avoid returning them.
      return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
  }
}

/** Arrow table → plain column arrays. Timestamps and dates arrive as epoch milliseconds. */
export function arrowToColumns(table: ArrowLike): Columns {
  const names = table.schema.fields.map((f) => f.name);
  const columns: Record<string, Cell[]> = {};
  names.forEach((name, idx) => {
    const vec = table.getChildAt(idx);
    const out: Cell[] = new Array(table.numRows);
    for (let i = 0; i < table.numRows; i++) out[i] = vec ? toCell(vec.get(i)) : null;
    columns[name] = out;
  });
  return { names, columns, rowCount: table.numRows };
}
