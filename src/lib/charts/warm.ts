/**
 * The overview's three charts drawn once off screen, from a made-up year, and thrown away:
 * ECharts' code gets compiled and its fonts measured while the engine loads a file (the page is
 * idle then), so the real overview draws sooner. Nothing of it is ever shown.
 */
import { echarts } from './echarts';
import { activeCustomersOption, monthlyRevenueOption, paretoOption, type ChartText } from './overview';

const TEXT: ChartText = {
  newCustomers: 'new', returningCustomers: 'returning', revenue: 'revenue', activeCustomers: 'active',
  customerShare: 'customers', revenueShare: 'revenue', month: String, money: String, moneyAxis: String,
  count: String, percent: String, dark: false
};

export function warmOverviewCharts(): void {
  const months = Array.from({ length: 12 }, (_, i) => ({
    month: `2024-${String(i + 1).padStart(2, '0')}`, newRevenue: 1000 + i, returningRevenue: 2000 + i,
    newCustomers: 10 + i, returningCustomers: 20 + i, activeCustomers: 30 + i
  }));
  const pareto = Array.from({ length: 101 }, (_, k) => ({ customerShare: k / 100, revenueShare: Math.sqrt(k / 100) }));
  const el = document.createElement('div');
  el.setAttribute('aria-hidden', 'true');
  el.style.cssText = 'position:fixed;left:-10000px;top:0;width:640px;height:320px;visibility:hidden';
  document.body.append(el);
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  try {
    for (const option of [monthlyRevenueOption(months, TEXT), activeCustomersOption(months, TEXT), paretoOption(pareto, TEXT)]) {
      chart.setOption(option, { notMerge: true });
      // Drawn now rather than on ECharts' next frame, which would come after the disposal.
      chart.getZr().refreshImmediately();
    }
  } finally {
    chart.dispose();
    el.remove();
  }
}
