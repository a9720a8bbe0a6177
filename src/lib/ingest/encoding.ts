/**
 * What a dropped file is, decided from its first bytes: which text encoding, or which kind of
 * binary file it is (so the message can say "this is a PNG image", not "parse error").
 */

import { Utf8Transcoder } from './transcode';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis' | 'euc-jp';

export type FormatGuess =
  | { kind: 'text'; encoding: TextEncodingName; bomBytes: number }
  | { kind: 'xlsx' }
  | { kind: 'empty' }
  | { kind: 'binary'; what: 'xls' | 'zip' | 'png' | 'jpeg' | 'gif' | 'pdf' | 'unknown' };

/** How many bytes of a file we look at to decide (also the sniffing sample). */
export const HEAD_BYTES = 1 << 20;

const MAGIC: [number[], FormatGuess][] = [
  [[0x89, 0x50, 0x4e, 0x47], { kind: 'binary', what: 'png' }],
  [[0xff, 0xd8, 0xff], { kind: 'binary', what: 'jpeg' }],
  [[0x47, 0x49, 0x46, 0x38], { kind: 'binary', what: 'gif' }],
  [[0x25, 0x50, 0x44, 0x46], { kind: 'binary', what: 'pdf' }],
  [[0xd0, 0xcf, 0x11, 0xe0], { kind: 'binary', what: 'xls' }]
];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** Count consecutive UTF-8 byte-order marks (some exporters write two). */
export function utf8BomBytes(bytes: Uint8Array): number {
  let n = 0;
  while (startsWith(bytes, [0xef, 0xbb, 0xbf], n)) n += 3;
  return n;
}

function decodes(bytes: Uint8Array, encoding: string): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether most lines are valid UTF-8 and some of those carry non-ASCII text (so UTF-8 is not a mere default). */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let good = 0;
  let bad = 0;
  let wide = false;
  for (let start = 0; start < bytes.length; ) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl + 1;
    const line = bytes.subarray(start, end);
    if (decodes(line, 'utf-8')) {
      good++;
      wide ||= line.some((b) => b >= 0x80);
    } else bad++;
    start = end;
  }
  return wide && bad * 2 < good + bad;
}

/**
 * Cut a head sample at its last line break so a multi-byte character is never split. In UTF-16
 * a line break is a two-byte unit on an even offset (0x0A alone is also half of 上, 昊…).
 */
function wholeLines(head: Uint8Array, isWholeFile: boolean, encoding: TextEncodingName = 'utf-8'): Uint8Array {
  if (isWholeFile) return head;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const [lo, hi] = encoding === 'utf-16le' ? [0x0a, 0x00] : [0x00, 0x0a];
    for (let i = (head.length & ~1) - 2; i >= 0; i -= 2) if (head[i] === lo && head[i + 1] === hi) return head.subarray(0, i + 2);
    return head.subarray(0, head.length & ~1);
  }
  const nl = head.lastIndexOf(0x0a);
  return nl > 0 ? head.subarray(0, nl + 1) : head;
}

/**
 * Guess the format from the head of a file. `isWholeFile` says whether `head` is all of it.
 * Order matters: magic numbers first (an .xlsx renamed .csv is still a zip), then BOMs, then
 * NUL patterns (UTF-16 without BOM), then strict decoding attempts from most to least likely.
 */
export function detectFormat(head: Uint8Array, isWholeFile: boolean): FormatGuess {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    // Entry names are stored uncompressed in each local header. Every Office Open XML file has
    // [Content_Types].xml (Word and PowerPoint too); only a workbook has entries under xl/.
    const text = new TextDecoder('latin1').decode(head.subarray(0, Math.min(head.length, 65536)));
    return /xl\/[\w.\[\]/-]+\.xml/.test(text) ? { kind: 'xlsx' } : { kind: 'binary', what: 'zip' };
  }
  for (const [magic, guess] of MAGIC) if (startsWith(head, magic)) return guess;

  if (startsWith(head, [0xff, 0xfe])) return { kind: 'text', encoding: 'utf-16le', bomBytes: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { kind: 'text', encoding: 'utf-16be', bomBytes: 2 };
  const bom = utf8BomBytes(head);
  const body = head.subarray(bom);
  if (body.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) return { kind: 'empty' };

  const sample = body.subarray(0, Math.min(body.length, 4096));
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) (i % 2 ? nulOdd++ : nulEven++);
  const half = sample.length / 2;
  if (nulOdd > half * 0.3 && nulEven === 0) return { kind: 'text', encoding: 'utf-16le', bomBytes: 0 };
  if (nulEven > half * 0.3 && nulOdd === 0) return { kind: 'text', encoding: 'utf-16be', bomBytes: 0 };
  if (nulOdd + nulEven > 0) return { kind: 'binary', what: 'unknown' };

  const lines = wholeLines(body, isWholeFile);
  if (bom > 0 || decodes(lines, 'utf-8')) return { kind: 'text', encoding: 'utf-8', bomBytes: bom };
  // The web's shift_jis decoder is Windows-31J (CP932): NEC and IBM extensions included.
  if (decodes(lines, 'shift_jis')) return { kind: 'text', encoding: 'shift_jis', bomBytes: 0 };
  if (decodes(lines, 'euc-jp')) return { kind: 'text', encoding: 'euc-jp', bomBytes: 0 };
  // A UTF-8 export with a few lines pasted in from another encoding: read as UTF-8, the reader
  // refuses the lines that are not valid text and the rest loads.
  if (mostlyUtf8(lines)) return { kind: 'text', encoding: 'utf-8', bomBytes: 0 };
  return { kind: 'binary', what: 'unknown' };
}

/**
 * UTF-8 bytes already in memory → UTF-8 without BOM, line endings made uniform (DuckDB reads
 * UTF-8 only). Files are transcoded from their Blob, chunk by chunk: see transcode.ts.
 */
export function toUtf8(bytes: Uint8Array, encoding: TextEncodingName, bomBytes: number): Uint8Array {
  const body = bytes.subarray(bomBytes);
  const transcoder = new Utf8Transcoder(encoding, body.length);
  transcoder.push(body);
  return transcoder.finish();
}

/** Decode a head sample to text for sniffing (replacement characters are fine here). */
export function headText(head: Uint8Array, guess: Extract<FormatGuess, { kind: 'text' }>, isWholeFile: boolean): string {
  const body = wholeLines(head.subarray(guess.bomBytes), isWholeFile, guess.encoding);
  return new TextDecoder(guess.encoding).decode(body).replace(/^\uFEFF+/, '');
}
