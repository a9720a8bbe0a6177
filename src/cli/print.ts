/**
 * What the command line prints: the load and data-quality report, and the overview's headline
 * figures with the app's own names, formats and "what this means" sentences.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { en } from '../lib/i18n/messages/en';
import { ja, type MessageKey } from '../lib/i18n/messages/ja';
import { formatters, type Locale } from '../lib/i18n/format';
import { formatKpi, insights, kpiChange } from '../lib/analyses/overview/present';
import type { OverviewResult } from '../lib/analyses/overview/types';
import type { LoadReport } from '../lib/ingest/load';
import type { FilePlan } from '../lib/ingest/types';
import { say } from './text';
import { tableToCsv } from '../lib/charts/table';
import { issueTable, type IssueRow } from '../lib/ingest/issues';

/**
 * The app's message for `key`, ICU-formatted like i18n's `translate` (which lives in a runes
 * module that only Svelte's compiler can load).
 */
export function appText(locale: Locale, key: MessageKey, values?: Record<string, string | number>): string {
  const msg = (locale === 'ja' ? ja : en)[key];
  return values ? String(new IntlMessageFormat(msg, locale === 'ja' ? 'ja-JP' : 'en-US').format(values)) : msg;
}

const DELIMITERS: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' };

export function mappingText(locale: Locale, plans: FilePlan[]): string[] {
  return plans.flatMap((p) => [
    say(locale, 'mapping', { file: p.fileName, kind: p.kind, encoding: p.encoding, delimiter: DELIMITERS[p.delimiter] ?? p.delimiter }),
    ...p.columns.filter((c) => c.role !== 'ignore').map((c) => say(locale, 'column', { label: c.label, role: c.role }))
  ]);
}

/** The import page's data-quality report, line by line, in the app's words. */
export function loadReportText(locale: Locale, report: LoadReport, currency: string): string[] {
  const fmt = formatters(locale, currency);
  const day = (ms: number | null) => (ms === null ? '—' : fmt.date(new Date(ms).toISOString().slice(0, 10)));
  const t = (key: MessageKey, values?: Record<string, string | number>) => appText(locale, key, values);
  const out: string[] = [];
  for (const f of report.files) {
    out.push(t('quality.accounting', { file: f.fileName, data: f.dataRows, loaded: f.loaded, rejected: f.rejected }));
    if (f.skippedLines > 0) out.push(t('quality.skipped', { file: f.fileName, n: f.skippedLines }));
    if (f.spanning) out.push(t('quality.spanning', { file: f.fileName, ...f.spanning }));
  }
  const o = report.orders;
  if (o) {
    out.push(`${t('quality.ordersSummary', { orders: o.orders, customers: o.customers, revenue: fmt.money(o.revenue) })} · ${t('quality.dateRange', { from: day(o.firstDate), to: day(o.lastDate) })}`);
    if (o.withoutCustomer.rows > 0) out.push(t('quality.noCustomer', { rows: o.withoutCustomer.rows, amount: fmt.money(o.withoutCustomer.amount) }));
    if (o.returns.rows > 0) out.push(t('quality.returns', { rows: o.returns.rows, amount: fmt.money(o.returns.amount) }));
    if (o.returnStatuses.length > 0) out.push(t('quality.returnStatuses', { values: o.returnStatuses.map((r) => `「${r.value}」${fmt.number(r.rows)}`).join('、') }));
    if (o.multiLineOrders > 0) out.push(t('quality.multiLine', { n: o.multiLineOrders }));
    if (o.repeatedTotals > 0) out.push(t('quality.repeatedTotals', { n: o.repeatedTotals }));
    if (o.conflictingOrderIds > 0) out.push(t('quality.conflicting', { n: o.conflictingOrderIds }));
    if (o.duplicateRows > 0) out.push(t('quality.duplicates', { n: o.duplicateRows }));
    if (o.futureRows > 0) out.push(t('quality.future', { n: o.futureRows }));
  }
  if (report.customers)
    out.push(t('quality.customers', { rows: report.customers.rows, members: report.customers.members === null ? 'none' : fmt.number(report.customers.members) }));
  if (report.responses) out.push(t('quality.responses', { rows: report.responses.rows }));
  out.push(report.issueCount > 0 ? `${t('quality.issues')}: ${fmt.number(report.issueCount)}` : t('quality.noIssues'));
  return out;
}

/** The rejected and flagged rows as the import page's CSV download has them (row numbers as Excel counts). */
export const issuesCsv = (locale: Locale, rows: IssueRow[]): string => tableToCsv(issueTable(rows, (key) => appText(locale, key)));

/** The overview's KPI cards and sentences, as lines of text. */
export function overviewText(locale: Locale, r: OverviewResult, currency: string): string[] {
  const fmt = formatters(locale, currency);
  const out = [`${appText(locale, 'overview.title')}: ${fmt.date(r.period.from)} – ${fmt.date(r.period.to)}`];
  const width = Math.max(...r.kpis.map((k) => appText(locale, `kpi.${k.key}` as MessageKey).length));
  for (const k of r.kpis) {
    const label = appText(locale, `kpi.${k.key}` as MessageKey);
    const change = r.hasPrevious ? kpiChange(k) : null;
    const changeText = !change
      ? ''
      : change.unit === 'points'
        ? appText(locale, 'kpi.points', { n: (change.value > 0 ? '+' : '') + fmt.number(change.value, 1) })
        : fmt.signedPercent(change.value);
    out.push(`  ${label.padEnd(width)}  ${formatKpi(k, fmt).full}${changeText ? `  (${appText(locale, 'kpi.vsPrevious', { change: changeText })})` : ''}`);
  }
  for (const ins of insights(r)) {
    const text =
      ins.key === 'overview.insight.top20' ? appText(locale, ins.key, { share: fmt.percent(ins.share, 0) })
      : ins.key === 'overview.insight.repeat' ? appText(locale, ins.key, { rate: fmt.percent(ins.rate, 0) })
      : ins.key === 'overview.insight.change' ? appText(locale, ins.key, { change: fmt.signedPercent(ins.change) })
      : appText(locale, ins.key, { share: fmt.percent(ins.share, 0) });
    out.push(`  · ${text}`);
  }
  return out;
}
