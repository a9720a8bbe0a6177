/**
 * Snapshots end to end in Node on real DuckDB: every page of the demo shop built, encoded into a
 * link and decoded back to the same snapshot; links of earlier versions (tests/fixtures/snapshots)
 * still open; and anything else — a cut, changed, random or oversized fragment, a future version,
 * wrong types inside valid JSON — gives its reason and never throws.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { collectPages } from '../helpers/pages';
import { generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { buildSnapshot, roundForSnapshot, type LivePage } from '../../src/lib/state/snapshot/build';
import { MAX_JSON_BYTES, decodeSnapshot, encodeSnapshot } from '../../src/lib/state/snapshot/codec';
import { SNAPSHOT_VERSION, type Snapshot } from '../../src/lib/state/snapshot/schema';
import { MIGRATIONS } from '../../src/lib/state/snapshot/migrate';
import { MAX_LINK_LENGTH } from '../../src/lib/state/snapshot/link';
import { packPage, unpackPage } from '../../src/lib/state/snapshot/pack';

const FIXTURES = path.resolve(__dirname, '../fixtures/snapshots');
const DATASET = { rows: 238_694, customers: 28_912, orders: 194_202, from: '2023-04-01', to: '2026-03-31' };
const NOW = new Date('2026-03-05T01:02:03.000Z');

/** A fragment of our format around any bytes (deflated JSON or anything else). */
const fragmentOf = (bytes: Uint8Array) => {
  const b64 = Buffer.from(bytes).toString('base64url');
  return `z${b64.length}.${b64}`;
};
const jsonFragment = (value: unknown) => fragmentOf(deflateSync(JSON.stringify(value)));

let pages: LivePage[];
const snapshotOf = (p: LivePage[]): Snapshot =>
  buildSnapshot({ pages: p, filters: NO_FILTERS, dataset: DATASET, locale: 'ja', currency: 'JPY', now: NOW }).snapshot!;

beforeAll(async () => {
  const db = await NodeDatabase.open();
  await loadFiles(db, generateDemo());
  pages = [
    ...(await collectPages(db)),
    ...(await collectPages(db, new URLSearchParams('scheme=cpm&grain=quarter&by=channel'))).filter((p) => p.id === 'segments' || p.id === 'cohorts')
  ];
  db.close();
}, 300_000);

describe('links of the demo shop', () => {
  it('decode to the very snapshot that was encoded, page by page, and fit in a link', async () => {
    const lengths: Record<string, number> = {};
    for (const page of pages) {
      const snapshot = snapshotOf([page]);
      const fragment = await encodeSnapshot(snapshot);
      const decoded = await decodeSnapshot(fragment);
      expect(decoded.ok, page.id).toBe(true);
      if (decoded.ok) expect(decoded.snapshot).toEqual(snapshot);
      lengths[`${page.id}${page.params.size ? '?' + page.params : ''}`] = fragment.length;
    }
    console.log('fragment lengths', lengths);
    // The overview's link stays short; every page of the demo fits in a link (an origin adds some 30 characters).
    expect(lengths.overview).toBeLessThan(3000);
    for (const [id, n] of Object.entries(lengths)) expect(n, id).toBeLessThan(MAX_LINK_LENGTH - 100);
  });

  it('keep the figures a page shows, rounded finer than it shows them', () => {
    const overview = snapshotOf([pages[0]]).pages[0];
    const live = pages[0].results.overview as { kpis: { key: string; value: number }[] };
    if (overview.id !== 'overview') throw new Error('overview expected');
    for (const k of overview.results.overview!.kpis) {
      const want = live.kpis.find((x) => x.key === k.key)!.value;
      expect(k.value, k.key).toBe(roundForSnapshot(want));
      expect(Math.abs(k.value! - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-8 + 5e-5);
    }
    expect([3, 123.456789, 0.123456789123, 1234567.891234, -0.000123456789123, Infinity].map(roundForSnapshot)).toEqual([
      3, 123.4568, 0.123456789, 1234567.8912, -0.000123456789, Infinity
    ]);
  });

  it('hold every page in one report snapshot', async () => {
    const all = snapshotOf(pages.slice(0, 5));
    expect(all.pages.map((p) => p.id)).toEqual(['overview', 'loyal', 'segments', 'cohorts', 'clv']);
    const decoded = await decodeSnapshot(await encodeSnapshot(all));
    expect(decoded.ok && decoded.snapshot).toEqual(all);
  });

  it('never carry the worker’s table of per-customer predictions', () => {
    const clv = snapshotOf([pages[4]]).pages[0];
    expect(clv.id === 'clv' && clv.results.clv!.table).toBeNull();
  });
});

describe('links of earlier versions', () => {
  it('have a migration for every version before this one', () => {
    for (let v = 1; v < SNAPSHOT_VERSION; v++) expect(MIGRATIONS[v], `v${v} → v${v + 1}`).toBeTypeOf('function');
  });

  it('still open, with the figures they were made with', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const [fragment, expected] = readFileSync(path.join(FIXTURES, f), 'utf8').trim().split('\n');
      const decoded = await decodeSnapshot(fragment);
      expect(decoded.ok, f).toBe(true);
      if (!decoded.ok) continue;
      expect(decoded.fromVersion).toBe(Number(/^v(\d+)-/.exec(f)![1]));
      // The second line: a figure of the first page that must survive every migration.
      const { path: at, value } = JSON.parse(expected) as { path: (string | number)[]; value: unknown };
      expect(at.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], decoded.snapshot.pages[0]), f).toEqual(value);
    }
  });
});

describe('anything else', () => {
  const problem = async (fragment: string) => {
    const d = await decodeSnapshot(fragment);
    return d.ok ? 'ok' : d.problem;
  };
  let valid: string;
  let original: Snapshot;
  beforeAll(async () => {
    original = snapshotOf([pages[0]]);
    valid = await encodeSnapshot(original);
  });

  it('says why it cannot be opened', async () => {
    expect(await problem('')).toBe('empty');
    expect(await problem('#')).toBe('empty');
    expect(await problem('hello')).toBe('format');
    expect(await problem('z7.abc$def')).toBe('format');
    expect(await problem(valid.slice(0, valid.length - 40))).toBe('truncated');
    expect(await problem(valid + 'AAAA')).toBe('format');
    expect(await problem('z'.padEnd(200_001, 'A'))).toBe('too-long');
    // One changed character: zlib's checksum (or the inflater) notices.
    const i = Math.floor(valid.length / 2);
    expect(await problem(valid.slice(0, i) + (valid[i] === 'A' ? 'B' : 'A') + valid.slice(i + 1))).toMatch(/corrupt|json|invalid/);
    expect(await problem(fragmentOf(new Uint8Array([1, 2, 3, 4, 5, 6])))).toBe('corrupt');
    expect(await problem(fragmentOf(deflateSync('not json')))).toBe('json');
    expect(await problem(fragmentOf(deflateSync(Buffer.from([0xff, 0xfe, 0x00]))))).toBe('json');
    // A decompression bomb: 10 MB of zeros in a few kilobytes stops at the limit.
    const bomb = fragmentOf(deflateSync(Buffer.alloc(10 * 1024 * 1024, 0x20)));
    expect(bomb.length).toBeLessThan(20_000);
    expect(await problem(bomb)).toBe('too-large');
    expect(MAX_JSON_BYTES).toBeLessThan(10 * 1024 * 1024);
  });

  it('tells a future version from a broken one', async () => {
    const s = snapshotOf([pages[0]]);
    expect(await problem(jsonFragment({ ...s, v: SNAPSHOT_VERSION + 1 }))).toBe('future-version');
    for (const v of [0, -1, 1.5, '1', null, undefined]) expect(await problem(jsonFragment({ ...s, v })), String(v)).toBe('invalid');
    expect(await problem(jsonFragment([1, 2, 3]))).toBe('invalid');
  });

  it('refuses wrong types inside valid JSON, naming where', async () => {
    const s = snapshotOf([pages[0]]);
    const bad = structuredClone(s) as unknown as { pages: { results: { overview: { kpis: { value: unknown }[] } } }[] };
    bad.pages[0].results.overview.kpis[2].value = '¥100';
    const d = await decodeSnapshot(jsonFragment(bad));
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.detail).toContain('pages.0.results.overview.kpis.2.value');
    expect(await problem(jsonFragment({ ...s, pages: [] }))).toBe('invalid');
    expect(await problem(jsonFragment({ ...s, pages: [{ id: 'lists', view: {}, results: {} }] }))).toBe('invalid');
    expect(await problem(jsonFragment({ ...s, createdAt: 'yesterday' }))).toBe('invalid');
  });

  it('never throws on random or mutated fragments (property)', async () => {
    const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.z#%'.split(''));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 400 }), fc.uint8Array().map(fragmentOf)), async (text) => {
        const d = await decodeSnapshot(text);
        expect(typeof d.ok).toBe('boolean');
      }),
      { numRuns: 300, seed: 12 }
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: valid.length - 1 }),
        fc.constantFrom('flip', 'cut', 'insert', 'drop'),
        fc.constantFrom(...'AZaz09-_.%'.split('')),
        async (at, how, c) => {
          const mutated =
            how === 'flip' ? valid.slice(0, at) + c + valid.slice(at + 1)
            : how === 'cut' ? valid.slice(0, at)
            : how === 'insert' ? valid.slice(0, at) + c + valid.slice(at)
            : valid.slice(0, at) + valid.slice(at + 1);
          const d = await decodeSnapshot(mutated);
          // A mutation either leaves the snapshot as it was (a flip to the same character) or is caught.
          if (d.ok) expect(d.snapshot).toEqual(original);
        }
      ),
      { numRuns: 300, seed: 7 }
    );
  });

  it('lays out any JSON the way it reads it back (property)', () => {
    const noTableKeys = (x: unknown): boolean =>
      Array.isArray(x) ? x.every(noTableKeys) : x && typeof x === 'object' ? !('$t' in x) && Object.values(x).every(noTableKeys) : true;
    fc.assert(
      fc.property(fc.jsonValue().filter(noTableKeys), fc.array(fc.record({ a: fc.jsonValue(), b: fc.integer() })), (results, rows) => {
        const page = { id: 'overview', view: {}, results: { results, rows } };
        expect(unpackPage(packPage(page as never))).toEqual(page);
      }),
      { numRuns: 300, seed: 3 }
    );
  });
});
