/**
 * The global filters (date range, channel, member) and the one function that turns them into
 * SQL conditions on `order_facts` (one row per order). Every analysis filters through here.
 */
import { dateLit, litList } from '../engine/sql';

export type MemberFilter = 'all' | 'member' | 'non_member';

export interface Filters {
  /** Inclusive calendar dates, YYYY-MM-DD; null means the edge of the data. */
  from: string | null;
  to: string | null;
  /** Empty means all channels. */
  channels: string[];
  member: MemberFilter;
}

export const NO_FILTERS: Filters = { from: null, to: null, channels: [], member: 'all' };

/** Conditions other than dates (dates depend on the period an analysis compares). */
export function segmentWhere(f: Filters, alias = 'order_facts'): string {
  const parts = ['true'];
  if (f.channels.length) parts.push(`${alias}.channel IN ${litList(f.channels)}`);
  if (f.member === 'member') parts.push(`${alias}.is_member IS TRUE`);
  if (f.member === 'non_member') parts.push(`${alias}.is_member IS FALSE`);
  return parts.join(' AND ');
}

/** Rows whose calendar date lies in [from, to]. */
export function dateWhere(from: string, to: string, column = 'orders.order_date'): string {
  return `CAST(${column} AS DATE) BETWEEN ${dateLit(from)} AND ${dateLit(to)}`;
}

/** A text equal for equal filters (channel order aside): to tell whether a result was made for these filters. */
export function filtersKey(f: Filters): string {
  return JSON.stringify([f.from, f.to, [...f.channels].sort(), f.member]);
}
