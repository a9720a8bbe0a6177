/**
 * The global filters (date range, channel, member) and the one function that turns them into
 * SQL conditions on `order_facts` (one row per order). Every analysis filters through here.
 */
import { dateLit, litList } from '../engine/sql';
import { addDays } from './period';

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

/** The filter bar's date presets: all time, the last 12 months, the last 90 days (to the last order date). */
export const PERIOD_PRESETS = ['all', '12m', '90d'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
const PRESET_DAYS: Record<Exclude<PeriodPreset, 'all'>, number> = { '12m': 365, '90d': 90 };

/** A preset's dates, given the data's last order date. */
export function presetRange(p: PeriodPreset, lastDate: string | null): Pick<Filters, 'from' | 'to'> {
  if (p === 'all' || !lastDate) return { from: null, to: null };
  return { from: addDays(lastDate, 1 - PRESET_DAYS[p]), to: lastDate };
}

/** What the filter bar can offer: the data's last date, its channels, whether it knows members. */
export interface FilterChoices {
  lastDate: string | null;
  channels: string[];
  hasMembers: boolean;
}

/**
 * The filters one change in the filter bar leads to from `f` (another date preset, another
 * channel or all of them, another member choice), in the bar's order: what a page can compute
 * ahead of time while the user reads it.
 */
export function nextFilters(f: Filters, c: FilterChoices): Filters[] {
  const out: Filters[] = [];
  for (const p of PERIOD_PRESETS) out.push({ ...f, ...presetRange(p, c.lastDate) });
  if (c.channels.length) for (const ch of ['', ...c.channels]) out.push({ ...f, channels: ch ? [ch] : [] });
  if (c.hasMembers) for (const member of ['all', 'member', 'non_member'] as const) out.push({ ...f, member });
  const seen = new Set([filtersKey(f)]);
  return out.filter((g) => !seen.has(filtersKey(g)) && (seen.add(filtersKey(g)), true));
}
