/** Reading back what the loader rejected or warned about, and the table the user sees of it. */
import type { ChartTable } from '../charts/table';
import type { MessageKey } from '../i18n/messages/ja';
import { readerIssue } from './errors';

export interface IssueRow {
  file: string;
  line: number;
  column: string | null;
  reason: string;
  value: string | null;
  severity: 'rejected' | 'warning';
  detail: string | null;
}

/** Rejected rows first (their data is not loaded), then warnings; each by file and line. */
export function issuesSql(limit: number): string {
  return `SELECT file, line, "column", reason, value, severity, detail FROM load_issues
    ORDER BY severity = 'rejected' DESC, file, line LIMIT ${Math.max(0, Math.floor(limit))}`;
}

export function issuesCsvSql(): string {
  return issuesSql(10_000_000);
}

export function issueSummarySql(): string {
  return `SELECT file, severity, reason, "column", count(*) AS n FROM load_issues GROUP BY ALL ORDER BY n DESC`;
}

/**
 * The rejected and flagged rows as the data-quality table and its CSV download show them, in the
 * words of `t` (the app's messages). The reader's own text is DuckDB's English: its kind is said
 * in words instead.
 */
export function issueTable(rows: IssueRow[], t: (key: MessageKey) => string): ChartTable {
  return {
    columns: [
      { key: 'file', label: t('quality.col.file') },
      { key: 'line', label: t('quality.col.line'), kind: 'number' },
      { key: 'column', label: t('quality.col.column') },
      { key: 'reason', label: t('quality.col.reason') },
      { key: 'value', label: t('quality.col.value') },
      { key: 'severity', label: t('quality.col.severity') }
    ],
    rows: rows.map((r) => ({
      ...r,
      reason: t(`reason.${r.reason}` as MessageKey) + (r.reason === 'reader' ? ' (' + t(`reader.${readerIssue(r.detail)}` as MessageKey) + ')' : ''),
      severity: t(`severity.${r.severity}` as MessageKey)
    }))
  };
}
