import { describe, expect, it } from 'vitest';
import { formatKpi, insights, kpiChange } from '../../src/lib/analyses/overview/present';
import { formatters } from '../../src/lib/i18n/format';
import type { OverviewResult } from '../../src/lib/analyses/overview/types';

describe('KPI presentation', () => {
  const fmt = formatters('en');
  it('expresses changes of shares in points and of amounts in percent', () => {
    expect(kpiChange({ key: 'repeatRate', value: 0.33, previous: 0.3 })!.value).toBeCloseTo(3, 10);
    expect(kpiChange({ key: 'repeatRate', value: 0.33, previous: 0.3 })!.unit).toBe('points');
    expect(kpiChange({ key: 'revenue', value: 110, previous: 100 })).toEqual({ value: expect.closeTo(0.1, 10), unit: 'percent' });
    expect(kpiChange({ key: 'revenue', value: 110, previous: 0 })).toBeNull();
    expect(kpiChange({ key: 'orders', value: 5, previous: null })).toBeNull();
  });
  it('formats each kind of figure', () => {
    expect(formatKpi({ key: 'revenue', value: 123456789, previous: null }, fmt)).toEqual({ text: '¥123M', full: '¥123,456,789' });
    expect(formatKpi({ key: 'ordersPerCustomer', value: 1.234, previous: null }, fmt).text).toBe('1.23');
    expect(formatKpi({ key: 'top20Share', value: 0.7, previous: null }, fmt).text).toBe('70.0%');
    expect(formatKpi({ key: 'aov', value: null, previous: null }, fmt).text).toBe('—');
  });
  it('derives "what this means" only from the figures', () => {
    const r = {
      kpis: [
        { key: 'top20Share', value: 0.68, previous: null },
        { key: 'repeatRate', value: 0.4, previous: null },
        { key: 'revenue', value: 120, previous: 100 }
      ],
      monthly: [{ month: '2024-01', newRevenue: 30, returningRevenue: 90, newCustomers: 1, returningCustomers: 1, activeCustomers: 2 }],
      newRevenueShare: 0.25
    } as unknown as OverviewResult;
    expect(insights(r)).toEqual([
      { key: 'overview.insight.top20', share: 0.68 },
      { key: 'overview.insight.repeat', rate: 0.4 },
      { key: 'overview.insight.change', change: expect.closeTo(0.2, 10) },
      { key: 'overview.insight.newShare', share: 0.25 }
    ]);
  });
});
