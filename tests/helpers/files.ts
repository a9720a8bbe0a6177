import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';

export const SHARED_DATA = path.resolve(__dirname, '../../../shared/data');

/** A file from ../shared/data as a browser-like File (gzip-decompressed when it ends in .gz). */
export function sharedFile(relative: string, name?: string): File {
  const full = path.join(SHARED_DATA, relative);
  const raw = readFileSync(full);
  const bytes = new Uint8Array(full.endsWith('.gz') ? gunzipSync(raw) : raw);
  return new File([bytes], name ?? path.basename(relative).replace(/\.gz$/, ''));
}

export function fixture(name: string): File {
  return new File([readFileSync(path.resolve(__dirname, '../fixtures', name))], name);
}

export function textFile(name: string, text: string): File {
  return new File([text], name);
}

/** A File holding exactly these bytes. */
export function bytesFile(name: string, bytes: Uint8Array | number[]): File {
  return new File([new Uint8Array(bytes)], name);
}

export function concatBytes(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

export const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** UTF-16 little-endian bytes of `text` (no BOM; prepend [0xff, 0xfe] for one). */
export function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >> 8;
  }
  return out;
}

let cp932Table: Map<string, number[]> | null = null;

/**
 * The inverse of the web's `shift_jis` decoder (which is Windows-31J/CP932), built by decoding
 * every single- and double-byte code once. Where CP932 has two codes for one character (NEC and
 * IBM extensions), the lowest code wins. ASCII stays ASCII: `\` is byte 0x5C, which is how a
 * Japanese export writes the yen sign.
 */
export function encodeCp932(text: string): Uint8Array {
  if (!cp932Table) {
    const table = new Map<string, number[]>();
    const dec = new TextDecoder('shift_jis', { fatal: true });
    const tryAdd = (bytes: number[]) => {
      let s: string;
      try {
        s = dec.decode(new Uint8Array(bytes));
      } catch {
        return;
      }
      if (s.length === 1 && s !== '\ufffd' && !table.has(s)) table.set(s, bytes);
    };
    for (let b = 0; b < 0x80; b++) tryAdd([b]);
    for (let b = 0xa1; b <= 0xdf; b++) tryAdd([b]);
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) if (trail !== 0x7f) tryAdd([lead, trail]);
    }
    cp932Table = table;
  }
  const out: number[] = [];
  for (const ch of text) {
    const bytes = cp932Table.get(ch);
    if (!bytes) throw new Error(`not encodable in CP932: ${ch} (U+${ch.codePointAt(0)!.toString(16)})`);
    out.push(...bytes);
  }
  return new Uint8Array(out);
}

let eucTable: Map<string, number[]> | null = null;

/** EUC-JP bytes of `text` (ASCII and two-byte codes only), the inverse of the web's euc-jp decoder. */
export function encodeEucJp(text: string): Uint8Array {
  if (!eucTable) {
    const table = new Map<string, number[]>();
    const dec = new TextDecoder('euc-jp', { fatal: true });
    for (let b = 0; b < 0x80; b++) table.set(String.fromCharCode(b), [b]);
    for (let lead = 0xa1; lead <= 0xfe; lead++)
      for (let trail = 0xa1; trail <= 0xfe; trail++) {
        try {
          const s = dec.decode(new Uint8Array([lead, trail]));
          if (s.length === 1 && !table.has(s)) table.set(s, [lead, trail]);
        } catch {
          // unassigned code
        }
      }
    eucTable = table;
  }
  const out: number[] = [];
  for (const ch of text) {
    const bytes = eucTable.get(ch);
    if (!bytes) throw new Error(`not encodable in EUC-JP: ${ch}`);
    out.push(...bytes);
  }
  return new Uint8Array(out);
}

/** UTF-16 big-endian bytes of `text` (no BOM; prepend [0xfe, 0xff] for one). */
export function utf16be(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}
