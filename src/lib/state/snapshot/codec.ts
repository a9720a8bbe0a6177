/**
 * Snapshot ⇄ URL fragment: JSON (less what ./pack.ts derives again), compressed (zlib deflate, whose checksum catches a changed
 * byte), base64url, behind a prefix that says the format and the payload's length (so a link
 * cut short by a mail or chat app is told apart from a damaged one).
 *
 *     z<length>.<base64url(deflate(json))>
 *
 * Decoding takes anything (a link pasted by hand, a tampered or random fragment, a future
 * version) and never throws: it answers a snapshot or a reason, with the schema (./schema.ts)
 * checking every value and ./migrate.ts reading older versions.
 */
import * as v from 'valibot';
import { SnapshotSchema, type Snapshot } from './schema';
import { migrate } from './migrate';
import { packPage, unpackPage } from './pack';

const PREFIX = 'z';
/** Longer fragments are refused before anything is decoded (a link is far shorter; a report holds no fragment). */
export const MAX_FRAGMENT_LENGTH = 200_000;
/** Decompressed JSON larger than this is refused while decompressing (a "zip bomb" stops there). */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

export type DecodeProblem =
  | 'empty' // no fragment at all
  | 'too-long' // over MAX_FRAGMENT_LENGTH
  | 'format' // not a snapshot fragment (wrong prefix, characters outside base64url)
  | 'truncated' // shorter than its stated length: the link was cut
  | 'corrupt' // does not decompress (changed bytes, random data)
  | 'too-large' // decompresses to more than MAX_JSON_BYTES
  | 'json' // decompresses, but not to JSON
  | 'future-version' // made by a newer Kizuna
  | 'invalid'; // JSON whose content is not a snapshot (wrong types, missing parts)

export type Decoded = { ok: true; snapshot: Snapshot; fromVersion: number } | { ok: false; problem: DecodeProblem; detail?: string };

// ---------------------------------------------------------------- JSON with non-finite numbers

/** JSON has no ±Infinity (model limits use them); they travel as `{"$num":"Infinity"}`. */
const NUM = '$num';

function replacer(_: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value) && !Number.isNaN(value)) return { [NUM]: value > 0 ? 'Infinity' : '-Infinity' };
  return value;
}

function reviver(_: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === NUM) {
      const n = (value as Record<string, unknown>)[NUM];
      if (n === 'Infinity') return Infinity;
      if (n === '-Infinity') return -Infinity;
    }
  }
  return value;
}

// ---------------------------------------------------------------- base64url

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// ---------------------------------------------------------------- compression

async function compress(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates up to `limit` bytes; null when the data does not inflate, 'too-large' past the limit. */
async function decompress(bytes: Uint8Array, limit: number): Promise<Uint8Array | null | 'too-large'> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        void reader.cancel().catch(() => undefined);
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ---------------------------------------------------------------- the codec

export async function encodeSnapshot(snapshot: Snapshot): Promise<string> {
  const packed = { ...snapshot, pages: snapshot.pages.map(packPage) };
  const payload = toBase64Url(await compress(new TextEncoder().encode(JSON.stringify(packed, replacer))));
  return `${PREFIX}${payload.length}.${payload}`;
}

/** The dotted path of a schema issue, e.g. `pages.0.results.overview.kpis.3.value`. */
function issuePath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((p) => String(p.key)).join('.');
}

export async function decodeSnapshot(fragment: string): Promise<Decoded> {
  const text = fragment.replace(/^#/, '').trim();
  if (!text) return { ok: false, problem: 'empty' };
  if (text.length > MAX_FRAGMENT_LENGTH) return { ok: false, problem: 'too-long' };
  const head = new RegExp(`^${PREFIX}(\\d{1,7})\\.`).exec(text);
  if (!head) return { ok: false, problem: 'format' };
  const declared = Number(head[1]);
  const payload = text.slice(head[0].length);
  if (payload.length < declared) return { ok: false, problem: 'truncated', detail: `${payload.length}/${declared}` };
  const bytes = fromBase64Url(payload.slice(0, declared));
  if (!bytes || payload.length > declared) return { ok: false, problem: 'format' };
  let inflated: Awaited<ReturnType<typeof decompress>>;
  try {
    inflated = await decompress(bytes, MAX_JSON_BYTES);
  } catch {
    inflated = null;
  }
  if (inflated === 'too-large') return { ok: false, problem: 'too-large' };
  if (inflated === null) return { ok: false, problem: 'corrupt' };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated), reviver);
  } catch {
    return { ok: false, problem: 'json' };
  }
  const version = json && typeof json === 'object' && !Array.isArray(json) ? (json as { v?: unknown }).v : undefined;
  const migrated = migrate(json, version);
  if (!migrated.ok) return { ok: false, problem: migrated.problem, detail: String(version) };
  const value = migrated.value as { pages?: unknown };
  const unpacked = Array.isArray(value.pages) ? { ...value, pages: value.pages.map(unpackPage) } : value;
  const parsed = v.safeParse(SnapshotSchema, unpacked);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return { ok: false, problem: 'invalid', detail: `${issuePath(issue) || '(root)'}: ${issue.message}` };
  }
  return { ok: true, snapshot: parsed.output, fromVersion: version as number };
}
