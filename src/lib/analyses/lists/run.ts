/**
 * Running customer lists: a page at a time for the virtual-scrolling table, a count for its
 * height, and every row for the CSV export. Results are customer lists (personal data): keep
 * them on the device — never put them in a snapshot, share link or report.
 */
import { ident } from '../../engine/sql';
import { firstRow, toRows, type Columns, type QueryRunner } from '../../engine/types';
import type { CustomerListRow, ListBase, ListSort } from './columns';
import { customerListCountSql, customerListCsvSql, customerListSql, type ListPageOptions, type ListSource } from './sql';

export async function fetchListPage(db: QueryRunner, base: ListSource, o: ListPageOptions): Promise<CustomerListRow[]> {
  return toRows<CustomerListRow>(await db.query(customerListSql(base, o)));
}

export async function countList(db: QueryRunner, base: ListSource, search?: string | null): Promise<number> {
  return firstRow<{ n: number }>(await db.query(customerListCountSql(base, search))).n;
}

/** Every row, as columns (the cheap form for 100k rows); `names` is the column order for the CSV header. */
export async function fetchListForExport(db: QueryRunner, base: ListSource, search: string | null | undefined, sort: ListSort): Promise<Columns> {
  return db.query(customerListCsvSql(base, search, sort));
}

/**
 * Compute a base once into a temporary table and return a base that reads it. Every page,
 * count and search then sorts a small table instead of re-summarising all orders: measured in
 * Node on the demo at 100k customers / 700k orders, a page costs ~0.08 s instead of ~0.4–0.7 s.
 * Call it again when the filters, definition or dates change (same `table` replaces the old one).
 */
export async function materializeList(db: QueryRunner, base: ListBase, table = `kizuna_list_${base.kind}`): Promise<ListBase> {
  if (base.materialized) return base;
  await db.query(`CREATE OR REPLACE TEMP TABLE ${ident(table)} AS ${base.sql}`);
  return { ...base, sql: `SELECT * FROM ${ident(table)}` };
}
