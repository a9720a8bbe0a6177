/**
 * Line endings. DuckDB's CSV reader decides on one line ending per file and refuses the whole
 * file ("the CSV parser state machine reached an invalid state") when CRLF, LF and a lone CR
 * are mixed, as they are in files pasted together from several systems or edited by hand.
 * Such files are rewritten with LF everywhere before DuckDB sees them. Every ending counts as
 * one line break, as the sniffer (sniff.ts) counts them, so line numbers in messages stay the
 * lines the user sees in an editor.
 */

const CR = 0x0d;
const LF = 0x0a;

export interface LineEndings {
  crlf: number;
  /** LF not preceded by CR. */
  lf: number;
  /** CR not followed by LF. */
  cr: number;
}

/**
 * Counts line endings over a file read in chunks (a CRLF split between two chunks counts once).
 * Call `add` for each chunk in order, then `done`.
 */
export class LineEndingCounter {
  readonly counts: LineEndings = { crlf: 0, lf: 0, cr: 0 };
  private pendingCr = false;

  add(bytes: Uint8Array): void {
    const c = this.counts;
    let i = 0;
    if (this.pendingCr && bytes.length > 0) {
      if (bytes[0] === LF) {
        c.crlf++;
        i = 1;
      } else c.cr++;
      this.pendingCr = false;
    }
    // indexOf runs natively: a file with few line breaks is scanned at memory speed. Each kind's
    // next position is looked up again only once passed (looking both up at every line would
    // scan to the end of the chunk for the kind a file lacks, once per line: quadratic).
    let nextLf = bytes.indexOf(LF, i);
    let nextCr = bytes.indexOf(CR, i);
    for (;;) {
      if (nextLf >= 0 && nextLf < i) nextLf = bytes.indexOf(LF, i);
      if (nextCr >= 0 && nextCr < i) nextCr = bytes.indexOf(CR, i);
      if (nextLf < 0 && nextCr < 0) break;
      if (nextCr < 0 || (nextLf >= 0 && nextLf < nextCr)) {
        c.lf++;
        i = nextLf + 1;
        continue;
      }
      if (nextCr === bytes.length - 1) {
        this.pendingCr = true;
        break;
      }
      if (bytes[nextCr + 1] === LF) {
        c.crlf++;
        i = nextCr + 2;
      } else {
        c.cr++;
        i = nextCr + 1;
      }
    }
  }

  done(): LineEndings {
    if (this.pendingCr) {
      this.counts.cr++;
      this.pendingCr = false;
    }
    return this.counts;
  }
}

export function countLineEndings(bytes: Uint8Array): LineEndings {
  const counter = new LineEndingCounter();
  counter.add(bytes);
  return counter.done();
}

/** More than one kind of line ending, or lone CRs (which DuckDB does not take beside others). */
export function mixedLineEndings(e: LineEndings): boolean {
  return e.cr > 0 || (e.crlf > 0 && e.lf > 0);
}

/**
 * Every CRLF and lone CR → LF (bytes of an ASCII-compatible encoding: UTF-8, Shift_JIS, EUC-JP).
 * `out` may be `bytes` itself (rewriting in place: the result is never longer, and every byte is
 * read before its place is written), so that a big file is not held twice.
 */
export function normalizeLineEndings(bytes: Uint8Array, out: Uint8Array = new Uint8Array(bytes.length)): Uint8Array {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === CR) {
      out[n++] = LF;
      if (bytes[i + 1] === LF) i++;
    } else out[n++] = b;
  }
  return out.subarray(0, n);
}

/** Whether a whole file (a Blob, read as a stream: never all in memory) has mixed line endings. */
export async function blobHasMixedLineEndings(blob: Blob): Promise<boolean> {
  const counter = new LineEndingCounter();
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    counter.add(value);
    if (mixedLineEndings(counter.counts)) {
      await reader.cancel();
      return true;
    }
  }
  return mixedLineEndings(counter.done());
}
