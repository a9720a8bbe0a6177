/**
 * The overview as a snapshot may show it (rules in ../withhold.ts): nothing when the period has
 * fewer than MIN_GROUP customers; KPIs that describe a small group (the top 20 %, repeaters,
 * active customers) withheld; a month's new and returning customers withheld together when
 * either is small, a whole month when its customers are few (and then another month, since the
 * months add up to the revenue shown); the Pareto curve thinned so that no two points differ by
 * fewer than MIN_GROUP customers.
 */
import { MIN_GROUP, isSmall, thinCurve, withholdGroups, type Withheld } from '../withhold';
import type { Kpi, MonthlyGroup, MonthlyPoint, OverviewResult } from './types';

const MONTH_GROUPS: readonly MonthlyGroup[] = ['new', 'returning', 'active'];

function kpiGroupIsSmall(k: Kpi, value: number | null, customers: number | null): boolean {
  if (value === null || customers === null) return false;
  switch (k.key) {
    case 'top20Share':
      return Math.ceil(customers / 5) < MIN_GROUP;
    case 'repeatRate': {
      const repeaters = Math.round(value * customers);
      return isSmall(repeaters) || isSmall(customers - repeaters);
    }
    case 'active90':
      return isSmall(value);
    default:
      return false;
  }
}

function withholdKpis(kpis: Kpi[]): Kpi[] {
  const customers = kpis.find((k) => k.key === 'customers')!;
  const previousShown = customers.previous === null || customers.previous >= MIN_GROUP;
  return kpis.map((k) => {
    const previous = previousShown && !kpiGroupIsSmall(k, k.previous, customers.previous) ? k.previous : null;
    return kpiGroupIsSmall(k, k.value, customers.value) ? { ...k, value: null, previous: null, withheld: 'small' } : { ...k, previous };
  });
}

function withholdMonths(months: MonthlyPoint[]): MonthlyPoint[] {
  const size = (m: MonthlyPoint, g: MonthlyGroup) => (g === 'new' ? m.newCustomers : g === 'returning' ? m.returningCustomers : m.activeCustomers) ?? 0;
  const sizes = months.flatMap((m) => MONTH_GROUPS.map((g) => size(m, g)));
  const at = (i: number, g: MonthlyGroup) => 3 * i + MONTH_GROUPS.indexOf(g);
  const lines = [...months.map((_, i) => [at(i, 'new'), at(i, 'returning')]), months.map((_, i) => at(i, 'active'))];
  const out = withholdGroups(sizes, lines);
  // A month withheld as a whole hides its new and returning customers with it.
  months.forEach((_, i) => {
    if (out[at(i, 'active')] === null) return;
    for (const g of ['new', 'returning'] as const) out[at(i, g)] ??= 'complement';
  });
  return months.map((m, i) => {
    const w = (g: MonthlyGroup): Withheld | null => out[at(i, g)];
    const withheld = Object.fromEntries(MONTH_GROUPS.flatMap((g) => (w(g) ? [[g, w(g)]] : [])));
    if (Object.keys(withheld).length === 0) return m;
    return {
      month: m.month,
      newRevenue: w('new') ? null : m.newRevenue,
      newCustomers: w('new') ? null : m.newCustomers,
      returningRevenue: w('returning') ? null : m.returningRevenue,
      returningCustomers: w('returning') ? null : m.returningCustomers,
      activeCustomers: w('active') ? null : m.activeCustomers,
      withheld
    };
  });
}

/** Null when the period's customers are too few to show anything about them. */
export function withholdOverview(r: OverviewResult): OverviewResult | null {
  const customers = r.kpis.find((k) => k.key === 'customers')?.value ?? 0;
  if (customers < MIN_GROUP) return null;
  // Point k of the curve is the top ceil(k % × customers) customers (see ./sql.ts).
  const at = (share: number) => Math.ceil((Math.round(share * 100) * customers) / 100);
  return {
    ...r,
    kpis: withholdKpis(r.kpis),
    monthly: withholdMonths(r.monthly),
    pareto: thinCurve(r.pareto, (p) => at(p.customerShare), customers)
  };
}
