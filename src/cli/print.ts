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

export function loadReportText(locale: Locale, report: LoadReport, currency: string): string[] {
  const fmt = formatters(locale, currency);
  const n = (x: number) => fmt.number(x);
  const out = report.files.map((f) =>
    say(locale, 'fileReport', { file: f.fileName, rows: n(f.dataRows), loaded: n(f.loaded), rejected: n(f.rejected), warnings: n(f.warnings) })
  );
  const o = report.orders;
  if (o)
    out.push(
      say(locale, 'quality', {
        orders: n(o.orders), customers: n(o.customers), revenue: fmt.money(o.revenue), anonymous: n(o.withoutCustomer.rows),
        returns: n(o.returns.rows), duplicates: n(o.duplicateRows)
      })
    );
  if (report.issueCount > 0) out.push(say(locale, 'issues', { n: n(report.issueCount) }));
  return out;
}

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
