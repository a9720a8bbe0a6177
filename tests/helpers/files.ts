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
