/**
 * A text file in any encoding the importer reads → the UTF-8 bytes DuckDB reads, chunk by chunk.
 * A 300 MB Shift_JIS export must not become one JS string (600 MB of UTF-16) on its way: the
 * file is read in slices, each slice decoded with a streaming `TextDecoder` (which carries a
 * character split between two slices over to the next) and encoded straight into one growing
 * output buffer. What is held at any time is that buffer and one slice.
 */
import type { TextEncodingName } from './encoding';
import { LineEndingCounter, mixedLineEndings, normalizeLineEndings } from './newlines';
import { alignedToCsv } from './sniff';

/** How much of the file is read and decoded at a time. */
export const TRANSCODE_CHUNK_BYTES = 4 << 20;

export interface TranscodeOptions {
  /** Slice size (tests use small ones to put slice boundaries inside characters). */
  chunkBytes?: number;
  /** Rewrite whitespace-aligned columns as CSV on the way (see `alignedToCsv`). */
  aligned?: boolean;
}

/**
 * UTF-8 bytes appended text by text into one buffer. When it must grow, it grows to the size
 * projected for the whole output from the bytes per input byte so far, so that a big file is
 * copied once or twice while growing, not at every chunk.
 */
class Utf8Buffer {
  private buf = new Uint8Array(0);
  private readonly encoder = new TextEncoder();
  /** UTF-16 code units encoded so far. */
  private chars = 0;
  length = 0;

  /**
   * Append `text`; returns the bytes just written. `inputFraction` (0..1]: how much of the
   * whole input has been read once `text` is written.
   */
  write(text: string, inputFraction: number): Uint8Array {
    const start = this.length;
    let rest = text;
    for (;;) {
      const { read = 0, written = 0 } = this.encoder.encodeInto(rest, this.buf.subarray(this.length));
      this.length += written;
      this.chars += read;
      if (read === rest.length) break;
      rest = rest.slice(read);
      // A UTF-16 code unit is at most 3 UTF-8 bytes, so after growing the rest fits.
      let capacity = Math.max(this.length + rest.length * 3, Math.ceil(this.buf.length * 1.125));
      if (this.chars > 0 && inputFraction > 0) {
        const atEndOfText = this.length + (rest.length * this.length) / this.chars;
        capacity = Math.max(capacity, Math.ceil((atEndOfText / inputFraction) * 1.02) + 65536);
      }
      this.grow(capacity);
    }
    return this.buf.subarray(start, this.length);
  }

  private grow(capacity: number): void {
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * Text chunks → whitespace-aligned lines rewritten as CSV. Only complete lines are rewritten; the
 * line still being read waits for the next chunk (and a CR at a chunk's end for a possible LF).
 */
class AlignedLines {
  private pending = '';

  push(text: string): string {
    let s = this.pending + text;
    let held = '';
    if (s.endsWith('\r')) {
      s = s.slice(0, -1);
      held = '\r';
    }
    const cut = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r')) + 1;
    this.pending = s.slice(cut) + held;
    // A piece that ends with a line break converts to what it would inside the whole text.
    return cut > 0 ? alignedToCsv(s.slice(0, cut)) : '';
  }

  end(): string {
    const last = alignedToCsv(this.pending);
    this.pending = '';
    return last;
  }
}

/**
 * The transcoding itself, fed slice by slice: `push` each slice of the file after its counted
 * BOM, in order, then `finish`. Every leading BOM is dropped, counted or not (some exporters
 * write two), as a whole-file `decode(...).replace(/^\uFEFF+/, '')` would; mixed line endings
 * are rewritten as LF in place at the end (DuckDB refuses mixed ones, see newlines.ts).
 */
export class Utf8Transcoder {
  private readonly decoder: TextDecoder;
  private readonly out = new Utf8Buffer();
  private readonly lineEndings = new LineEndingCounter();
  private readonly aligned: AlignedLines | null;
  private atStart = true;
  private consumed = 0;

  /** `totalBytes`: how many bytes will be pushed in all (to size the output buffer). */
  constructor(
    encoding: TextEncodingName,
    private readonly totalBytes: number,
    options: Pick<TranscodeOptions, 'aligned'> = {}
  ) {
    this.decoder = new TextDecoder(encoding, { ignoreBOM: false });
    this.aligned = options.aligned ? new AlignedLines() : null;
  }

  push(bytes: Uint8Array): void {
    this.consumed += bytes.length;
    this.emit(this.decoder.decode(bytes, { stream: true }));
  }

  finish(): Uint8Array {
    this.emit(this.decoder.decode());
    if (this.aligned) this.write(this.aligned.end());
    const bytes = this.out.bytes();
    // Aligned output has LF line ends only. Rewriting in place: the result is never longer.
    if (this.aligned || !mixedLineEndings(this.lineEndings.done())) return bytes;
    return normalizeLineEndings(bytes, bytes);
  }

  private emit(text: string): void {
    if (this.atStart) {
      text = text.replace(/^\uFEFF+/, '');
      if (text === '') return;
      this.atStart = false;
    }
    this.write(this.aligned ? this.aligned.push(text) : text);
  }

  private write(text: string): void {
    if (text === '') return;
    const written = this.out.write(text, this.totalBytes > 0 ? Math.min(1, this.consumed / this.totalBytes) : 1);
    if (!this.aligned) this.lineEndings.add(written);
  }
}

/** A file (a Blob) → UTF-8 bytes without BOM, read `chunkBytes` at a time after `bomBytes`. */
export async function transcodeBlob(
  blob: Blob,
  encoding: TextEncodingName,
  bomBytes: number,
  options: TranscodeOptions = {}
): Promise<Uint8Array> {
  const chunk = Math.max(1, options.chunkBytes ?? TRANSCODE_CHUNK_BYTES);
  const transcoder = new Utf8Transcoder(encoding, Math.max(0, blob.size - bomBytes), options);
  for (let at = bomBytes; at < blob.size; at += chunk) {
    transcoder.push(new Uint8Array(await blob.slice(at, Math.min(blob.size, at + chunk)).arrayBuffer()));
  }
  return transcoder.finish();
}
