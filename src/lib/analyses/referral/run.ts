/**
 * The referral analysis (definitions in ./sql.ts). Null without identified orders; unavailable
 * when neither `referred_by` nor an acquisition source marks anybody as referred.
 */
import { sum } from 'd3-array';
import { firstRow, toRows, type QueryRunner } from '../../engine/types';
import { ratio } from '../cohorts/ratios';
import { resolveHistory } from '../customers/asof';
import type { Filters } from '../filters';
import { compare } from '../nps/stats';
import { normalInterval, type Interval } from '../programme/stats';
import { REFERRAL_SIGNALS_SQL, referralSql } from './sql';
import {
  REFERRAL_COLUMNS, REFERRER_BIN_MINS,
  type ReferralColumn, type ReferralGroup, type ReferralOutcome, type ReferrerBin, type ReferrerDistribution
} from './types';

interface GroupRow {
  part: 'group';
  referred: boolean;
  acquired: number;
  customers: number;
  converted: number;
  retained: number;
  value: number | null;
  variance: number | null;
}
interface BinRow {
  part: 'bin';
  min: number;
  referrers: number;
  customers: number;
  revenue: number;
}

type LiveGroup = ReferralGroup & Record<'customers' | 'converted' | 'retained', number>;

function groupOf(r: GroupRow | undefined): LiveGroup {
  const customers = r?.customers ?? 0;
  const converted = r?.converted ?? 0;
  const retained = r?.retained ?? 0;
  return {
    acquired: r?.acquired ?? 0,
    customers,
    converted,
    f2: ratio(converted, customers),
    retained,
    retention: ratio(retained, customers),
    value: r?.value ?? null
  };
}

const NO_INTERVAL: Interval = { value: null, lo: null, hi: null };

/** b − a of the share `x` of each group's customers, as a fraction with its interval. */
function shareDifference(a: LiveGroup, b: LiveGroup, x: 'converted' | 'retained'): Interval {
  const counts = (g: LiveGroup) => ({ n: g.customers, high: g[x], mid: g.customers - g[x], low: 0 });
  const c = compare(counts(a), counts(b), 'top2');
  return c ? { value: c.diff / 100, lo: c.lo / 100, hi: c.hi / 100 } : NO_INTERVAL;
}

/** b − a of the mean value, with the variance of a difference of independent means. */
function valueDifference(a: GroupRow | undefined, b: GroupRow | undefined): Interval {
  if (!a?.customers || !b?.customers || a.value === null || b.value === null) return NO_INTERVAL;
  const variance = a.variance === null || b.variance === null ? null : a.variance / a.customers + b.variance / b.customers;
  return normalInterval(b.value - a.value, variance);
}

function referrersOf(rows: readonly BinRow[]): ReferrerDistribution {
  const bins = REFERRER_BIN_MINS.map((min, i): ReferrerBin => {
    const r = rows.find((x) => x.min === min);
    const next = REFERRER_BIN_MINS[i + 1];
    return { min, max: next === undefined ? null : next - 1, referrers: r?.referrers ?? 0, customers: r?.customers ?? 0, revenue: r?.revenue ?? 0 };
  });
  return { referrers: sum(rows, (r) => r.referrers), customers: sum(rows, (r) => r.customers), revenue: sum(rows, (r) => r.revenue), bins };
}

export async function runReferral(db: QueryRunner, filters: Filters): Promise<ReferralOutcome | null> {
  const history = await resolveHistory(db, filters);
  if (!history) return null;
  const present = firstRow<Record<ReferralColumn, boolean>>(await db.query(REFERRAL_SIGNALS_SQL));
  const signals = REFERRAL_COLUMNS.filter((c) => present[c]);
  if (signals.length === 0) return { available: false, missing: [...REFERRAL_COLUMNS] };
  const rows = toRows<GroupRow | BinRow>(await db.query(referralSql(filters, history)));
  const group = (referred: boolean) => rows.find((r): r is GroupRow => r.part === 'group' && r.referred === referred);
  const [referred, others] = [groupOf(group(true)), groupOf(group(false))];
  return {
    available: true,
    from: history.from,
    asOf: history.asOf,
    signals,
    referred,
    others,
    difference: {
      f2: shareDifference(others, referred, 'converted'),
      retention: shareDifference(others, referred, 'retained'),
      value: valueDifference(group(false), group(true))
    },
    referrers: present.referred_by ? referrersOf(rows.filter((r): r is BinRow => r.part === 'bin')) : null
  };
}
