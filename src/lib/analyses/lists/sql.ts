/**
 * Search, sort and paging over a list base, done by DuckDB so the page holds only the rows on
 * screen (a virtual-scrolling table asks for one page at a time, even at 100k+ customers).
 *
 * - search: customer ids (or the base's `search` columns, e.g. comments) containing the text,
 *   ignoring case (ILIKE); the text is trimmed and NFKC-folded (full-width → half-width, as ids
 *   are on import; free text is also matched as typed, since it is stored unfolded), and `%`,
 *   `_` and `\` in it are literal characters, not wildcards;
 * - sort: the chosen column, NULLs last in both directions, then the base's key ascending, so
 *   every row has one place and pages neither repeat nor skip rows;
 * - every list joins the customer's tier, region, member_since and birthday (dates as text),
 *   unless its base says `attributes: false`.
 */
import { SqlValueError, ident, lit } from '../../engine/sql';
import { LIST_ATTRIBUTE_COLUMNS, LIST_COLUMNS, attributeColumns, sortFor, type ListBase, type ListColumn, type ListSort } from './columns';

/** A list base as accepted by the builders: a ListBase, or bare SQL yielding customer_id and columns. */
export type ListSource = string | ListBase;

export interface ListPageOptions {
  search?: string | null;
  sort: ListSort;
  /** First row (0-based) and number of rows. */
  offset: number;
  limit: number;
}

function sqlOf(base: ListSource): string {
  return typeof base === 'string' ? base : base.sql;
}

/** The LIKE pattern for a search text, or null when there is nothing to search for. */
export function searchPattern(search: string | null | undefined): string | null {
  const text = (search ?? '').normalize('NFKC').trim();
  if (!text) return null;
  return '%' + text.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
}

/** The LIKE patterns for a search text in free text: NFKC-folded and as typed (one when they agree). */
export function textSearchPatterns(search: string | null | undefined): string[] {
  const folded = searchPattern(search);
  if (folded === null) return [];
  const typed = '%' + (search ?? '').trim().replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
  return typed === folded ? [folded] : [folded, typed];
}

function searchWhere(base: ListSource, search: string | null | undefined, alias: string): string {
  const columns: readonly ListColumn[] = typeof base === 'string' ? ['customer_id'] : (base.search ?? ['customer_id']);
  for (const c of columns) if (!(LIST_COLUMNS as readonly string[]).includes(c)) throw new SqlValueError(`not a list column: ${c}`);
  // Ids are folded on import, so the folded pattern alone finds them (as it always has).
  const patterns = (c: ListColumn) => (c === 'customer_id' ? [searchPattern(search)].filter((p) => p !== null) : textSearchPatterns(search));
  const terms = columns.flatMap((c) => patterns(c).map((p) => `${alias}.${ident(c)} ILIKE ${lit(p)} ESCAPE '\\'`));
  return terms.length === 0 ? 'true' : `(${terms.join(' OR ')})`;
}

function resolvedSort(base: ListSource, requested: ListSort): ListSort {
  const sort = typeof base === 'string' ? requested : sortFor(base, requested);
  if (!(LIST_COLUMNS as readonly string[]).includes(sort.column)) throw new SqlValueError(`not a list column: ${sort.column}`);
  return sort;
}

/** ORDER BY for a sort already resolved by `resolvedSort`. */
function orderBy(base: ListSource, sort: ListSort): string {
  const key: readonly ListColumn[] = typeof base === 'string' ? ['customer_id'] : base.key;
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  const parts = [`${ident(sort.column)} ${dir} NULLS LAST`, ...key.filter((k) => k !== sort.column).map((k) => `${ident(k)} ASC`)];
  return parts.join(', ');
}

/** Rows of `rows` (SQL with customer_id) with the customer attributes joined (as they are when the base joins none). */
function withAttributes(base: ListSource, rows: string): string {
  if (typeof base !== 'string' && (attributeColumns(base).length === 0 || base.attributes === 'joined')) return rows;
  const attrs = LIST_ATTRIBUTE_COLUMNS.map((c) =>
    c === 'member_since' || c === 'birthday' ? `strftime(c.${c}, '%Y-%m-%d') AS ${c}` : `c.${c} AS ${c}`
  );
  return `SELECT b.*, ${attrs.join(', ')} FROM (${rows}) b LEFT JOIN customers c ON c.customer_id = b.customer_id`;
}

/**
 * Rows of `rows` (SQL with customer_id) with the customer attributes joined as every list joins
 * them: for a table built once whose lists then say `attributes: 'joined'`.
 */
export function withCustomerAttributesSql(rows: string): string {
  return withAttributes(rows, rows);
}

/** The base, searched. */
function searched(base: ListSource, search: string | null | undefined): string {
  return `SELECT * FROM (${sqlOf(base)}) b WHERE ${searchWhere(base, search, 'b')}`;
}

function wholeAtLeast(n: number, min: number, what: string): number {
  if (!Number.isFinite(n)) throw new SqlValueError(`not a finite ${what}: ${n}`);
  return Math.max(min, Math.floor(n));
}

/** One page of the list: rows [offset, offset + limit) in the chosen order. */
export function customerListSql(base: ListSource, o: ListPageOptions): string {
  const limit = wholeAtLeast(o.limit, 0, 'limit');
  const offset = wholeAtLeast(o.offset, 0, 'offset');
  const sort = resolvedSort(base, o.sort);
  const order = orderBy(base, sort);
  const page = `ORDER BY ${order} LIMIT ${lit(limit)} OFFSET ${lit(offset)}`;
  // Sorted by the base's own columns, the page is cut before the attributes are joined: the
  // join then looks up a page of customers, not every customer of the list.
  if (!(LIST_ATTRIBUTE_COLUMNS as readonly string[]).includes(sort.column)) {
    return `SELECT * FROM (${withAttributes(base, `${searched(base, o.search)} ${page}`)}) t ORDER BY ${order}`;
  }
  return `SELECT * FROM (${withAttributes(base, searched(base, o.search))}) t ${page}`;
}

/** How many rows the list has with this search (column `n`). */
export function customerListCountSql(base: ListSource, search?: string | null): string {
  return `SELECT count(*) AS n FROM (${searched(base, search)})`;
}

/** Every row of the list in the chosen order, for the CSV export (the UI writes the file). */
export function customerListCsvSql(base: ListSource, search: string | null | undefined, sort: ListSort): string {
  return `SELECT * FROM (${withAttributes(base, searched(base, search))}) t ORDER BY ${orderBy(base, resolvedSort(base, sort))}`;
}
