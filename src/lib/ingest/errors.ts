/**
 * What went wrong, in words the user can act on. DuckDB (and the browser's file and zip readers)
 * explain failures in English for developers (`strict_mode=false`, `sample_size = 20480`…);
 * none of that may reach the page as it is. An error is sorted into one of a few kinds that the
 * UI words in the user's language, naming the file and, where the text gives it, the line;
 * the original text is kept only for a "details" disclosure.
 */

export const ENGINE_ERROR_CODES = [
  /** The rows' structure: quotes, delimiters or line breaks the reader cannot follow. */
  'csv_structure',
  /** Bytes that are not text in the detected encoding. */
  'encoding',
  /** A line longer than the reader takes (usually a quote opened and never closed). */
  'line_too_long',
  /** The browser ran out of memory for the file. */
  'memory',
  /** The file could not be read from the disk (moved, deleted, permission). */
  'file_access',
  /** An Excel workbook the reader could not open. */
  'excel',
  /** No row has as many columns as the header line. */
  'no_consistent_rows',
  /** The analysis engine did not start or stopped. */
  'engine',
  /** Anything else: a fault of ours, not of the file. */
  'internal'
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export interface ReadableError {
  code: EngineErrorCode;
  /** The line of the file the message names, when it names one. */
  line?: number;
  /** The original text, for the details disclosure only. */
  raw: string;
}

const KINDS: [RegExp, EngineErrorCode][] = [
  [/out of memory|could not allocate|allocation fail|memory access out of bounds|RangeError: Array buffer allocation/i, 'memory'],
  [/invalid unicode|byte sequence mismatch|invalid utf-?8|INVALID ENCODING|not valid utf/i, 'encoding'],
  [/maximum line size|max_line_size|LINE SIZE OVER MAXIMUM/i, 'line_too_long'],
  [/state machine|strict_mode|unterminated quote|UNQUOTED VALUE|could not (be )?auto-?detect|sniff|new_line|CSV Error|Error when converting column|MISSING COLUMNS|TOO MANY COLUMNS|delimiter/i, 'csv_structure'],
  [/NotReadableError|NotFoundError|No files found|Cannot open file|could not open|IO Error|permission|file (could not|cannot) be read/i, 'file_access'],
  [/zip|xlsx|workbook|spreadsheet|sheet|xml/i, 'excel'],
  [/worker|wasm|WebAssembly|instantiate|engine not started|terminated/i, 'engine']
];

/** Sort an error (or its message) into a kind, with the line it names if any. */
export function readableError(e: unknown): ReadableError {
  const raw = e instanceof Error ? e.message : String(e);
  const code = KINDS.find(([re]) => re.test(raw))?.[1] ?? 'internal';
  // DuckDB: "Line: 5", "line 5", "at line 5".
  const m = /\bline[:\s]+(\d+)/i.exec(raw);
  return m ? { code, line: Number(m[1]), raw } : { code, raw };
}

/**
 * The reader's own reasons for rejecting a row (DuckDB's `error_type` in its rejects table),
 * as keys of the words shown for them.
 */
export type ReaderIssue = 'too_many_columns' | 'missing_columns' | 'quote' | 'line_size' | 'encoding' | 'cast' | 'other';

export function readerIssue(detail: string | null): ReaderIssue {
  const d = (detail ?? '').toUpperCase();
  if (d.startsWith('TOO MANY COLUMNS')) return 'too_many_columns';
  if (d.startsWith('MISSING COLUMNS')) return 'missing_columns';
  if (d.startsWith('UNQUOTED VALUE') || d.includes('QUOTE')) return 'quote';
  if (d.startsWith('LINE SIZE')) return 'line_size';
  if (d.startsWith('INVALID ENCODING') || d.includes('UNICODE')) return 'encoding';
  if (d.startsWith('CAST')) return 'cast';
  return 'other';
}
