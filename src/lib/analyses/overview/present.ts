/**
 * How overview figures read: the format of each KPI, how its change is expressed, and the
 * "what this means" sentences, all derived from the result (no invented text).
 */
import type { Formatters } from '../../i18n/format';
import type { Kpi, KpiKey, OverviewResult } from './types';
import { WITHHELD_COUNT, WITHHELD_VALUE } from '../withhold';

type Kind = 'count' | 'money' | 'ratio' | 'share';
const KIND: Record<KpiKey, Kind> = {
  customers: 'count', orders: 'count', revenue: 'money', aov: 'money',
  ordersPerCustomer: 'ratio', repeatRate: 'share', top20Share: 'share', active90: 'count'
};

export function formatKpi(k: Kpi, fmt: Formatters): { text: string; full: string } {
  if (k.withheld) {
    const text = KIND[k.key] === 'count' && k.withheld === 'small' ? WITHHELD_COUNT : WITHHELD_VALUE;
    return { text, full: text };
  }
  if (k.value === null) return { text: '—', full: '—' };
  switch (KIND[k.key]) {
    case 'money':
      return { text: fmt.moneyCompact(k.value), full: fmt.money(k.value) };
    case 'ratio':
      return { text: fmt.number(k.value, 2), full: fmt.number(k.value, 2) };
    case 'share':
      return { text: fmt.percent(k.value), full: fmt.percent(k.value, 2) };
    default:
      return { text: fmt.number(k.value), full: fmt.number(k.value) };
  }
}

/**
 * The change against the previous period: relative for counts and money, in percentage points
 * for shares (a share going from 30 % to 33 % is "+3.0 pt", not "+10 %").
 */
export function kpiChange(k: Kpi): { value: number; unit: 'percent' | 'points' } | null {
  if (k.value === null || k.previous === null) return null;
  if (KIND[k.key] === 'share') return { value: (k.value - k.previous) * 100, unit: 'points' };
  if (k.previous === 0) return null;
  return { value: k.value / k.previous - 1, unit: 'percent' };
}

export type Insight =
  | { key: 'overview.insight.top20'; share: number }
  | { key: 'overview.insight.repeat'; rate: number }
  | { key: 'overview.insight.change'; change: number }
  | { key: 'overview.insight.newShare'; share: number };

export function insights(r: OverviewResult): Insight[] {
  const get = (key: KpiKey) => r.kpis.find((k) => k.key === key)!;
  const out: Insight[] = [];
  const top = get('top20Share').value;
  if (top !== null) out.push({ key: 'overview.insight.top20', share: top });
  const repeat = get('repeatRate').value;
  if (repeat !== null) out.push({ key: 'overview.insight.repeat', rate: repeat });
  const change = kpiChange(get('revenue'));
  if (change) out.push({ key: 'overview.insight.change', change: change.value });
  if (r.newRevenueShare !== null) out.push({ key: 'overview.insight.newShare', share: r.newRevenueShare });
  return out;
}
