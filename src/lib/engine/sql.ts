/**
 * The one place where user-supplied values become SQL text. Everything else builds SQL from
 * constants and these helpers, so no user value is ever pasted into a query unescaped.
 */

export class SqlValueError extends Error {}

/** A quoted identifier: column names from a user's file can contain anything. */
export function ident(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** A literal for a string, finite number, boolean, Date or null. */
export function lit(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SqlValueError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new SqlValueError('invalid date');
    return `TIMESTAMP '${value.toISOString().slice(0, 23).replace('T', ' ')}'`;
  }
  // Text: double single quotes; NUL cannot appear in a DuckDB literal.
  return "'" + value.replaceAll('\u0000', '').replaceAll("'", "''") + "'";
}

/** A DATE literal from `YYYY-MM-DD`; anything else is refused rather than guessed. */
export function dateLit(isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new SqlValueError(`not a date: ${isoDate}`);
  return `DATE '${isoDate}'`;
}

/** `(a, b, c)` for IN lists; an empty list yields a list that matches nothing. */
export function litList(values: readonly (string | number)[]): string {
  return values.length === 0 ? '(NULL)' : '(' + values.map((v) => lit(v)).join(', ') + ')';
}
