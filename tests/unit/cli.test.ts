import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import writeXlsxFile from 'write-excel-file/node';
import { NodeDatabase } from '../helpers/duckdb';
import { SHARED_DATA, sharedFile } from '../helpers/files';
import { pageEngine } from '../helpers/pages';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset } from '../../src/lib/ingest/load';
import { datasetCurrency } from '../../src/lib/ingest/currency';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { PAGE_COMPUTE } from '../../src/lib/pages/compute';
import { buildSnapshot } from '../../src/lib/state/snapshot/build';
import { decodeSnapshot } from '../../src/lib/state/snapshot/codec';
import type { Snapshot } from '../../src/lib/state/snapshot/schema';
import type { OverviewResult } from '../../src/lib/analyses/overview/types';
import { datasetOf } from '../../src/cli/dataset';
import { main } from '../../src/cli/main';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const RETAIL = 'online-retail/online_retail_I_2010-2011.csv.gz';
const TODAY = '2026-11-23';

/**
 * Every leaf of `a` and `b` the same: numbers to 1e-9 relative (native DuckDB sums on several
 * threads, in another order than the single-threaded wasm build), everything else exactly.
 * Returns the paths that differ.
 */
function differences(a: unknown, b: unknown, at = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const same = a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    return same ? [] : [`${at}: ${a} ≠ ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at}: ${a.length} items ≠ ${b.length}`];
    return a.flatMap((x, i) => differences(x, b[i], `${at}.${i}`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`));
  }
  return Object.is(a, b) ? [] : [`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

/** The command line in-process, its output captured. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// The whole of UCI Online Retail I (541,909 rows), the real file: the CLI (a child process, as
// `npx kizuna` runs it, on native DuckDB) and the app's engine (duckdb-wasm, as in the browser).
describe('kizuna snapshot on UCI Online Retail', () => {
  let dir: string;
  let cliSnapshot: Snapshot;
  let cliErr: string;
  let wasmSnapshot: Snapshot;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kizuna-cli-test-'));
    const out = path.join(dir, 'overview.txt');
    const child = await run(
      process.execPath,
      ['src/cli/kizuna.mjs', 'snapshot', '--page', 'overview', '--locale', 'en', '--today', TODAY, path.join(SHARED_DATA, RETAIL), '-o', out],
      { cwd: ROOT, maxBuffer: 16 << 20 }
    );
    cliErr = child.stderr;
    const decoded = await decodeSnapshot(readFileSync(out, 'utf8'));
    if (!decoded.ok) throw new Error(`the CLI's snapshot does not decode: ${decoded.problem} ${decoded.detail ?? ''}`);
    cliSnapshot = decoded.snapshot;

    const db = await NodeDatabase.open();
    try {
      const ins = await inspectFile(db, sharedFile(RETAIL), 0);
      const report = await loadDataset(db, [ins.plan!], { today: TODAY });
      const params = new URLSearchParams();
      const results = await PAGE_COMPUTE.overview.collect(pageEngine(db), NO_FILTERS, {}, params);
      const built = buildSnapshot({
        pages: [{ id: 'overview', params, results }],
        filters: NO_FILTERS,
        dataset: datasetOf(report),
        locale: 'en',
        currency: datasetCurrency([ins.plan!])
      });
      wasmSnapshot = built.snapshot!;
    } finally {
      db.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs on native DuckDB and reports the load', () => {
    expect(cliErr).toMatch(/DuckDB v1\.4\.3/);
    expect(cliErr).toContain('541,909 data rows = 541,909 loaded + 0 rejected');
    expect(cliErr).toContain('CustomerID → customer_id');
  });

  it('writes a snapshot with the same figures as the browser engine', () => {
    expect(cliSnapshot.pages.map((p) => p.id)).toEqual(['overview']);
    expect(cliSnapshot.currency).toBe('GBP');
    expect(cliSnapshot.locale).toBe('en');
    expect(cliSnapshot.dataset).toEqual(wasmSnapshot.dataset);
    expect(cliSnapshot.dataset).toMatchObject({ rows: 541_909, from: '2010-12-01', to: '2011-12-09' });
    expect(cliSnapshot.filters).toEqual(wasmSnapshot.filters);
    expect(differences(cliSnapshot.pages, wasmSnapshot.pages)).toEqual([]);
    // Not an empty page that equals another empty page: the overview's figures are there.
    const overview = (cliSnapshot.pages[0].results as { overview: OverviewResult }).overview;
    expect(overview.kpis.every((k) => k.value !== null && k.value > 0)).toBe(true);
    expect(overview.monthly.length).toBe(13);
  });

  it('reads the Parquet copy of the same data to the same overview', async () => {
    const fromCsv = await cli(['overview', '--json', '--locale', 'en', '--today', TODAY, path.join(SHARED_DATA, RETAIL)]);
    const fromParquet = await cli(['overview', '--json', '--locale', 'en', '--today', TODAY, path.join(SHARED_DATA, 'online-retail/online_retail_I_2010-2011.parquet')]);
    expect(fromCsv.code).toBe(0);
    expect(fromParquet.code).toBe(0);
    const csv = JSON.parse(fromCsv.out) as OverviewResult;
    expect(differences(JSON.parse(fromParquet.out), csv)).toEqual([]);
    // And the same as the snapshot's (which rounds and withholds nothing here).
    const kpi = (r: OverviewResult, key: string) => r.kpis.find((k) => k.key === key)!.value;
    const shared = (cliSnapshot.pages[0].results as { overview: OverviewResult }).overview;
    expect(kpi(csv, 'customers')).toBe(kpi(shared, 'customers'));
    expect(kpi(csv, 'orders')).toBe(kpi(shared, 'orders'));
  });
});

describe('kizuna on a small file', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kizuna-cli-small-'));
    file = path.join(dir, 'orders.csv');
    const lines = ['会員番号,受注日,合計金額,メモ'];
    for (let c = 1; c <= 12; c++) for (let k = 0; k <= c % 3; k++) lines.push(`M${c},2025/${1 + k}/${10 + c},${1000 * c + 10 * k},x`);
    writeFileSync(file, lines.join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the headline figures with the app’s names', async () => {
    const r = await cli(['overview', '--locale', 'ja', '--today', TODAY, file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/顧客数?\s+12\b/);
    expect(r.err).toContain('会員番号 → customer_id');
  });

  it('takes a role from --map, and says which column is unknown', async () => {
    const moved = await cli(['load', '--locale', 'en', '--map', 'channel=メモ', '--today', TODAY, file]);
    expect(moved.code).toBe(0);
    expect(moved.err).toContain('メモ → channel');
    const bad = await cli(['load', '--locale', 'en', '--map', 'customer_id=NoSuchColumn', file]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('no file has a column NoSuchColumn');
    const missing = await cli(['load', '--locale', 'en', path.join(dir, 'nothing-here.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nothing-here.csv: no such file');
    const headerOnly = path.join(dir, 'header.csv');
    writeFileSync(headerOnly, '会員番号,受注日,合計金額\n');
    const empty = await cli(['load', '--locale', 'ja', headerOnly]);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('「header.csv」には見出し行しかありません');
    const role = await cli(['load', '--map', 'shoe_size=メモ', file]);
    expect(role.code).toBe(1);
    expect(role.err).toContain('unknown role');
  });

  it('says when a file’s decimal mark is a guess, and takes it from --decimal-mark', async () => {
    const eu = path.join(dir, 'eu-int.csv');
    writeFileSync(eu, 'customer_id,order_date,amount\nC1,2024-03-05,1.200\nC2,2024-03-06,15.000\nC1,2024-03-07,800\n');
    const guessed = await cli(['load', '--locale', 'en', '--today', TODAY, eu]);
    expect(guessed.code).toBe(0);
    expect(guessed.err).toContain('eu-int.csv: numbers such as 1.200 could be 1.2 or 1,200; read with a decimal point (say --decimal-mark)');
    const told = await cli(['load', '--locale', 'en', '--today', TODAY, '--decimal-mark', 'comma', eu]);
    expect(told.code).toBe(0);
    expect(told.err).not.toContain('numbers such as 1.200');
    expect(told.out + told.err).toContain('revenue ¥17,000');
    expect((await cli(['load', '--decimal-mark', 'dot', eu])).code).toBe(2);
  });

  it('reads Shift_JIS and Excel files as the app does (Excel through the command, whose runner loads the reader on demand)', async () => {
    const issues = path.join(dir, 'issues.csv');
    const sjis = await cli(['load', '--locale', 'en', '--today', TODAY, '--issues', issues, path.join(ROOT, 'tests/fixtures/ec-cube-sjis.csv')]);
    expect(sjis.code).toBe(0);
    expect(sjis.err).toContain('ec-cube-sjis.csv: orders (shift_jis');
    expect(sjis.out).toContain('ec-cube-sjis.csv: 8 data rows = 7 loaded + 1 rejected');
    expect(sjis.out).toContain('Rows rejected or with warnings: 1');
    // The impossible 2024/6/31, by its row as Excel counts (header = row 1).
    expect(readFileSync(issues, 'utf8')).toBe('\uFEFFFile,Row,Column,Reason,Value,Handling\r\nec-cube-sjis.csv,9,受注日,not a date,2024/6/31,rejected\r\n');
    const xlsx = path.join(dir, 'orders.xlsx');
    writeFileSync(
      xlsx,
      await writeXlsxFile([
        [{ value: '注文番号' }, { value: '注文日' }, { value: '会員番号' }, { value: '合計金額' }],
        [{ value: 'A001' }, { value: new Date(Date.UTC(2024, 2, 5)), format: 'yyyy/mm/dd' }, { value: 'M0001' }, { value: 1234 }],
        [{ value: 'A002' }, { value: new Date(Date.UTC(2024, 2, 6)), format: 'yyyy/mm/dd' }, { value: 'M0002' }, { value: 980.5 }]
      ]).toBuffer()
    );
    const child = await run(process.execPath, ['src/cli/kizuna.mjs', 'load', '--locale', 'en', '--today', TODAY, xlsx], { cwd: ROOT });
    expect(child.stdout).toContain('orders.xlsx: 2 data rows = 2 loaded + 0 rejected');
  });

  it('keeps the loaded tables in a database file, and a later run analyses them without the files', async () => {
    const db = path.join(dir, 'shop.duckdb');
    const loaded = await cli(['overview', '--json', '--today', TODAY, '--db', db, file]);
    const later = await cli(['overview', '--json', '--db', db]);
    expect(loaded.code).toBe(0);
    expect(later.code).toBe(0);
    expect(later.err).toContain(db);
    expect(JSON.parse(later.out)).toEqual(JSON.parse(loaded.out));
    const snapshot = await cli(['snapshot', '--db', db]);
    const decoded = await decodeSnapshot(snapshot.out);
    expect(decoded.ok && decoded.snapshot.dataset).toMatchObject({ rows: 24, customers: 12, from: '2025-01-11', to: '2025-03-21' });
    expect(decoded.ok && decoded.snapshot.currency).toBe('JPY');
    // Loaded again with other files: they replace the tables.
    const sjis = path.join(ROOT, 'tests/fixtures/ec-cube-sjis.csv');
    expect((await cli(['load', '--today', TODAY, '--db', db, sjis])).code).toBe(0);
    const again = await cli(['overview', '--json', '--db', db]);
    expect(JSON.parse(again.out)).toEqual(JSON.parse((await cli(['overview', '--json', '--today', TODAY, sjis])).out));
    expect(JSON.parse(again.out)).not.toEqual(JSON.parse(loaded.out));
  });
});

describe('the native DuckDB dependency', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));

  it('is pinned to the engine of duckdb-wasm 1.32 (DuckDB v1.4.3)', () => {
    expect(pkg.optionalDependencies['@duckdb/node-api']).toBe('1.4.3-r.3');
    expect(pkg.bin.kizuna).toBe('src/cli/kizuna.mjs');
  });

  it("has every platform's binary in the lock file, which npm ci needs even where it skips them", () => {
    // The registry reachable here lacks the other platforms' packages, so `npm install` may leave them out.
    const bindings = lock.packages['node_modules/@duckdb/node-bindings'];
    const platforms = Object.keys(bindings.optionalDependencies);
    expect(platforms.length).toBeGreaterThanOrEqual(5);
    for (const p of platforms) expect(lock.packages[`node_modules/${p}`]?.version, p).toBe(bindings.optionalDependencies[p]);
  });
});
