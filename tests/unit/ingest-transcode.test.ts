/**
 * Streaming transcoding (transcode.ts): a file read in slices, wherever the slice boundaries fall
 * (inside a two-byte Shift_JIS or EUC-JP character, between the halves of a UTF-16 unit or a
 * surrogate pair, inside a CRLF or a BOM), gives exactly the bytes a whole-file decode gives; and
 * it is really decoded slice by slice, never as one whole-file string.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { UTF8_BOM, concatBytes, encodeCp932, encodeEucJp, utf16le, utf8 } from '../helpers/files';
import { TRANSCODE_CHUNK_BYTES, transcodeBlob } from '../../src/lib/ingest/transcode';
import type { TextEncodingName } from '../../src/lib/ingest/encoding';
import { countLineEndings, mixedLineEndings, normalizeLineEndings } from '../../src/lib/ingest/newlines';
import { alignedToCsv } from '../../src/lib/ingest/sniff';

/** What the importer did before streaming: the whole file as one string, then re-encoded. */
function wholeFileDecode(bytes: Uint8Array, encoding: TextEncodingName, bomBytes: number): Uint8Array {
  const text = new TextDecoder(encoding, { ignoreBOM: false }).decode(bytes.subarray(bomBytes)).replace(/^\uFEFF+/, '');
  const utf8Bytes = new TextEncoder().encode(text);
  return mixedLineEndings(countLineEndings(utf8Bytes)) ? normalizeLineEndings(utf8Bytes) : utf8Bytes;
}

const blobOf = (bytes: Uint8Array) => new Blob([bytes as BlobPart]);
const utf16be = (text: string) => utf16le(text).map((_, i, a) => a[i ^ 1]);

const ASCII = ['a', 'Z', '0', '9', ',', '"', ' ', '\t', '\\', '-', '\r', '\n', '\r\n'];
// Two-byte codes whose second byte is 0x5C (表 ソ 能) or an ASCII letter (ア = 0x83 0x41), NEC
// specials, half-width katakana (one byte in Shift_JIS, three in UTF-8).
const CP932 = ['あ', 'ア', '漢', '字', '円', '表', 'ソ', '能', '①', '㈱', 'ｱ', 'ﾎ', 'ﾟ', 'ー'];
const EUC = ['あ', 'ア', '漢', '字', '円', '表', 'ソ', '能', 'ー', '佐', '藤'];
// Surrogate pairs (😀 𠀋) and a BOM character inside the text (kept there, dropped at the start).
const UNICODE = [...CP932, '😀', '𠀋', 'é', '\uFEFF'];

const textOf = (chars: string[], max = 120) => fc.array(fc.constantFrom(...chars), { maxLength: max }).map((a) => a.join(''));
const chunkSize = fc.integer({ min: 1, max: 37 });

interface Case {
  encoding: TextEncodingName;
  chars: string[];
  encode: (text: string) => Uint8Array;
  boms: number[][];
}

const CASES: Case[] = [
  { encoding: 'shift_jis', chars: [...ASCII, ...CP932], encode: encodeCp932, boms: [[]] },
  { encoding: 'euc-jp', chars: [...ASCII, ...EUC], encode: encodeEucJp, boms: [[]] },
  { encoding: 'utf-16le', chars: [...ASCII, ...UNICODE], encode: utf16le, boms: [[], [0xff, 0xfe]] },
  { encoding: 'utf-16be', chars: [...ASCII, ...UNICODE], encode: utf16be, boms: [[], [0xfe, 0xff]] },
  { encoding: 'utf-8', chars: [...ASCII, ...UNICODE], encode: utf8, boms: [[], UTF8_BOM, [...UTF8_BOM, ...UTF8_BOM]] }
];

describe('transcodeBlob gives the bytes of a whole-file decode, wherever the slices end', () => {
  for (const c of CASES) {
    it(`${c.encoding}: random texts, with and without BOM, random slice sizes`, async () => {
      await fc.assert(
        fc.asyncProperty(textOf(c.chars), fc.constantFrom(...c.boms), chunkSize, async (text, bom, chunkBytes) => {
          const bytes = concatBytes(bom, c.encode(text));
          const got = await transcodeBlob(blobOf(bytes), c.encoding, bom.length, { chunkBytes });
          expect([...got]).toEqual([...wholeFileDecode(bytes, c.encoding, bom.length)]);
        }),
        { numRuns: 200 }
      );
    });

    it(`${c.encoding}: random bytes (invalid sequences become U+FFFD the same way)`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), chunkSize, async (bytes, chunkBytes) => {
          const got = await transcodeBlob(blobOf(bytes), c.encoding, 0, { chunkBytes });
          expect([...got]).toEqual([...wholeFileDecode(bytes, c.encoding, 0)]);
        }),
        { numRuns: 200 }
      );
    });
  }

  it('drops a BOM the caller did not count and a second BOM, as before', async () => {
    const two = concatBytes(UTF8_BOM, UTF8_BOM, utf8('a,b\r\n1,2\r\n'));
    for (const [bom, chunkBytes] of [[0, 1], [3, 2], [6, 4], [0, 100]]) {
      const got = await transcodeBlob(blobOf(two), 'utf-8', bom, { chunkBytes });
      expect(new TextDecoder().decode(got)).toBe('a,b\r\n1,2\r\n');
    }
    const le = concatBytes([0xff, 0xfe, 0xff, 0xfe], utf16le('x\n'));
    expect(new TextDecoder().decode(await transcodeBlob(blobOf(le), 'utf-16le', 2, { chunkBytes: 1 }))).toBe('x\n');
  });

  it('makes mixed line endings LF, also when a CRLF is split between slices', async () => {
    const bytes = encodeCp932('表,ソ\r\n1,2\n3,4\r5,6\r\n');
    for (const chunkBytes of [1, 2, 3, 5, 6, 7, 100]) {
      const got = await transcodeBlob(blobOf(bytes), 'shift_jis', 0, { chunkBytes });
      expect(new TextDecoder().decode(got)).toBe('表,ソ\n1,2\n3,4\n5,6\n');
    }
    // Uniform CRLF stays as it is.
    const crlf = await transcodeBlob(blobOf(encodeCp932('a\r\nb\r\n')), 'shift_jis', 0, { chunkBytes: 1 });
    expect(new TextDecoder().decode(crlf)).toBe('a\r\nb\r\n');
  });

  it('rewrites whitespace-aligned text as CSV line by line, as alignedToCsv on the whole text', async () => {
    const line = fc
      .array(fc.array(fc.constantFrom('1', 'a', '表', 'ｱ', ',', '-'), { minLength: 1, maxLength: 4 }).map((a) => a.join('')), { maxLength: 4 })
      .chain((fields) => fc.array(fc.constantFrom(' ', '  ', '\t'), { minLength: fields.length + 1, maxLength: fields.length + 1 }).map((gaps) => gaps.map((g, i) => g + (fields[i] ?? '')).join('')));
    const text = fc.tuple(fc.array(line, { maxLength: 12 }), fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 12, maxLength: 12 }), fc.boolean())
      .map(([lines, breaks, last]) => lines.map((l, i) => l + (i < lines.length - 1 || last ? breaks[i] : '')).join(''));
    await fc.assert(
      fc.asyncProperty(text, chunkSize, async (t, chunkBytes) => {
        const got = await transcodeBlob(blobOf(encodeCp932(t)), 'shift_jis', 0, { chunkBytes, aligned: true });
        expect(new TextDecoder().decode(got)).toBe(alignedToCsv(t));
      }),
      { numRuns: 300 }
    );
  });

  it('reads a file of several default-sized slices (the output buffer grows on the way)', async () => {
    // Two-byte characters only, after one ASCII byte: every slice boundary (an even offset)
    // falls between the two bytes of a character.
    const block = encodeCp932('表ソ能①あ漢字'.repeat(4000));
    const parts = Array.from({ length: Math.ceil((10 << 20) / block.length) }, () => block);
    const bytes = concatBytes([0x78], ...parts);
    expect(bytes.length).toBeGreaterThan(2 * TRANSCODE_CHUNK_BYTES);
    const got = await transcodeBlob(blobOf(bytes), 'shift_jis', 0);
    expect(got.length).toBe(1 + (bytes.length - 1) * 1.5);
    expect(Buffer.from(got).equals(Buffer.from(wholeFileDecode(bytes, 'shift_jis', 0)))).toBe(true);
  });
});

describe('transcodeBlob works chunk by chunk', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads the file in slices and decodes each slice on its own, never the whole file as one string', async () => {
    const text = '顧客番号,氏名,金額\r\n' + Array.from({ length: 2000 }, (_, i) => `${i},山田ﾀﾛｳ表,\\${i * 10}\r\n`).join('');
    const bytes = encodeCp932(text);
    const blob = blobOf(bytes);
    const slice = vi.spyOn(blob, 'slice');
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const got = await transcodeBlob(blob, 'shift_jis', 0, { chunkBytes: 1000 });
    const calls = [...decode.mock.calls];
    const results = [...decode.mock.results];
    decode.mockRestore();
    expect(new TextDecoder().decode(got)).toBe(text);

    const slices = Math.ceil(bytes.length / 1000);
    expect(slices).toBeGreaterThan(20);
    expect(slice).toHaveBeenCalledTimes(slices);
    for (const [start, end] of slice.mock.calls) expect((end ?? 0) - (start ?? 0)).toBeLessThanOrEqual(1000);
    // One streaming decode per slice, then the final flush; no decoded piece is longer than a slice.
    const streamed = calls.filter(([, options]) => options?.stream === true);
    expect(streamed).toHaveLength(slices);
    expect(calls).toHaveLength(slices + 1);
    for (const r of results) expect((r.value as string).length).toBeLessThanOrEqual(1000);
  });
});

describe('normalizeLineEndings in place', () => {
  it('rewrites a buffer into itself as into a fresh one', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '表', '\r', '\n', '\r\n'), { maxLength: 60 }), (parts) => {
        const bytes = utf8(parts.join(''));
        const fresh = normalizeLineEndings(bytes);
        const inPlace = normalizeLineEndings(bytes, bytes);
        expect(inPlace.buffer).toBe(bytes.buffer);
        expect([...inPlace]).toEqual([...fresh]);
      })
    );
  });
});
