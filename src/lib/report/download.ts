/** Make a snapshot's report file and save it (the report code is loaded only now). */
import { downloadBlob } from '../charts/table';
import { i18n } from '../i18n/index.svelte';
import type { Snapshot } from '../state/snapshot/schema';

export async function downloadReport(snapshot: Snapshot): Promise<void> {
  const { reportFileName, reportHtml } = await import('./report');
  const html = reportHtml(snapshot, i18n.locale);
  downloadBlob(reportFileName(snapshot), new Blob([html], { type: 'text/html;charset=utf-8' }));
}
