/** Reading back what the loader rejected or warned about. */

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
