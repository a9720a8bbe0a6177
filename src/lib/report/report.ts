/**
 * The report file: one self-contained HTML file of a snapshot's pages, drawn by the same page
 * components as the app (in report mode: charts as inline SVG from ECharts' SVG renderer, each
 * followed by its table, no controls), with the app's styles inlined and print styles for A4.
 * No script, no request: it opens from a mail attachment or a USB stick, offline.
 *
 * Loaded only when a report is made (it brings the SVG renderer and every page).
 */
import { flushSync, mount, unmount } from 'svelte';
import { SVGRenderer } from 'echarts/renderers';
import { echarts } from '../charts/echarts';
import { escapeHtml } from '../charts/common';
import { createdDay, type Snapshot } from '../state/snapshot/schema';
import { translate, type Locale } from '../i18n/index.svelte';
import ReportDocument from './ReportDocument.svelte';

echarts.use([SVGRenderer]);

/** Printed and read on white, whatever the reader's system prefers; A4 with a card never split. */
const REPORT_CSS = `
:root { color-scheme: light; --kz-bg: #ffffff; --kz-surface: #ffffff; --kz-text: #1d1d1f; --kz-muted: #5f6368;
  --kz-border: #dcdcd8; --kz-accent: #0072b2; --kz-accent-text: #ffffff; --kz-good: #1b7f3b; --kz-bad: #b3261e;
  --kz-warn-bg: #fff6e0; --kz-error-bg: #fdecea; }
body.kz-report { max-width: 800px; margin: 0 auto; padding: 24px 16px; }
.kz-report .report-head { margin-bottom: 24px; border-bottom: 2px solid var(--kz-accent); padding-bottom: 8px; }
.kz-report .report-head .brand { font-weight: 700; font-size: 1.25rem; margin: 0; }
.kz-report footer { margin-top: 32px; font-size: 0.8125rem; border-top: 1px solid var(--kz-border); padding-top: 8px; }
.kz-report .charts, .kz-report .grid { grid-template-columns: minmax(0, 1fr) !important; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body.kz-report { max-width: none; padding: 0; }
  .kz-report .card, .kz-report .kz-chart .svg, .kz-report tr { break-inside: avoid; }
  .kz-report .snapshot-page + .snapshot-page { break-before: page; border-top: 0; }
  .kz-report h1, .kz-report h2 { break-after: avoid; }
}
`;

/** The app's own styles (same origin, so readable), for the file to look like the page. */
function appStyles(): string {
  const out: string[] = [];
  for (const sheet of document.styleSheets) {
    try {
      for (const rule of sheet.cssRules) out.push(rule.cssText);
    } catch {
      // A sheet from elsewhere cannot be read; the app has none (CSP: style-src 'self').
    }
  }
  return out.join('\n');
}

export function reportHtml(snapshot: Snapshot, locale: Locale): string {
  const host = document.createElement('div');
  host.style.cssText = 'position:fixed;left:-10000px;top:0;width:800px;visibility:hidden';
  host.setAttribute('aria-hidden', 'true');
  document.body.append(host);
  const app = mount(ReportDocument, { target: host, props: { snapshot } });
  let body: string;
  try {
    flushSync();
    body = host.innerHTML;
  } finally {
    void unmount(app);
    host.remove();
  }
  const title = translate(locale, 'report.title', { date: createdDay(snapshot) });
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Kizuna ${escapeHtml(snapshot.app)}">
<title>${escapeHtml(title)}</title>
<style>${appStyles()}
${REPORT_CSS}</style>
</head>
<body class="kz-report">${body}</body>
</html>
`;
}

/** The file name: kizuna-report-overview-2026-12-02.html, or …-all-… for every page. */
export function reportFileName(snapshot: Snapshot): string {
  const what = snapshot.pages.length === 1 ? snapshot.pages[0].id : 'all';
  return `kizuna-report-${what}-${createdDay(snapshot)}.html`;
}
