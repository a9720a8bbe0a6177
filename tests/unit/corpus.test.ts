/**
 * Every file of the hostile-file corpus (tests/corpus/generate.ts) through the real importer:
 * inspect, load, read back. A case either loads with exact accounting (loaded + rejected = data
 * rows) and the figures the generator tallied from its own rows, or it is a problem worded in
 * both languages, naming the file, with none of the engine's English in it. No exception escapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { corpus, TODAY, type CorpusCase, type LoadExpect } from '../corpus/generate';
import { inspectFile, planProblems } from '../../src/lib/ingest/prepare';
import { loadDataset, type LoadReport } from '../../src/lib/ingest/load';
import { issueTable, issuesSql, issuesCsvSql, type IssueRow } from '../../src/lib/ingest/issues';
import { tableToCsv } from '../../src/lib/charts/table';
import { listCsv } from '../../src/lib/ui/list-csv';
import { problemText } from '../../src/lib/ui/problem-text';
import { translate, type Locale, type MessageKey } from '../../src/lib/i18n/index.svelte';
import { toRows } from '../../src/lib/engine/types';
import type { FileInspection } from '../../src/lib/ingest/types';

const CASES = await corpus();

/** Engine and developer text that must never be the message a user reads. */
const ENGINE_TEXT = /sample_size|strict_mode|Conversion Error|Invalid Input Error|Binder Error|Parser Error|CSV Error|state machine|DuckDB|undefined|NaN|\{[a-z]+\}/;

const LOCALES: Locale[] = ['ja', 'en'];
const t = (locale: Locale) => (key: MessageKey, values?: Record<string, string | number>) => translate(locale, key, values);

/** A CSV cell a spreadsheet would run as a formula (after the export's own quoting is undone). */
function formulaCells(csvText: string): string[] {
  const cells: string[] = [];
  const re = /(?:^|,)(?:"((?:[^"]|"")*)"|([^,\r\n]*))/gm;
  for (const m of csvText.replace(/^\uFEFF/, '').matchAll(re)) {
    const v = m[1] !== undefined ? m[1].replaceAll('""', '"') : (m[2] ?? '');
    if (/^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v)) cells.push(v);
  }
  return cells;
}

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
});
afterAll(() => db.close());

it('the corpus has at least 40 named cases, each name unique', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(40);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  for (const c of CASES) if (c.expect.outcome === 'load') expect(c.expect.loaded + c.expect.rejected, c.name).toBe(c.expect.dataRows);
});

async function inspect(c: CorpusCase): Promise<FileInspection> {
  // An exception here is a failure of the case, never something to catch and pass.
  return inspectFile(db, new File([c.file as Uint8Array<ArrayBuffer>], c.fileName), 0);
}

async function loadCase(c: CorpusCase, ins: FileInspection): Promise<LoadReport> {
  const plan = ins.plan!;
  expect(planProblems(plan), `${c.name}: the proposed mapping is complete`).toEqual([]);
  expect(plan.kind, c.name).toBe(c.kind);
  // The questions the mapping screen asks, answered as the case says; no other is asked.
  expect({ dateOrder: plan.dateOrderAmbiguous, decimalMark: plan.decimalMarkAmbiguous ?? false }).toEqual({
    dateOrder: c.asks?.dateOrder !== undefined,
    decimalMark: c.asks?.decimalMark !== undefined
  });
  if (c.asks?.dateOrder) plan.dateOrder = c.asks.dateOrder;
  if (c.asks?.decimalMark) plan.decimalMark = c.asks.decimalMark;
  return loadDataset(db, [plan], { today: TODAY });
}

it('a zip is told to be extracted, not exported again', async () => {
  const zip = CASES.find((c) => c.name === 'csv-in-zip')!;
  const ins = await inspect(zip);
  expect(problemText(t('en'), ins.fileName, ins.problem!)).toMatch(/^“orders\.zip” is a ZIP archive.*extract it and load that file/);
  expect(problemText(t('ja'), ins.fileName, ins.problem!)).toMatch(/^「orders\.zip」は ZIP 圧縮ファイル.*展開してから/);
});

describe.each(CASES.filter((c) => c.expect.outcome === 'problem').map((c) => [c.name, c] as const))('problem: %s', (_name, c) => {
  it('is refused with its kind, worded in both languages, naming the file', async () => {
    const ins = await inspect(c);
    expect(ins.plan).toBeUndefined();
    const { outcome: _o, ...want } = c.expect as Extract<CorpusCase['expect'], { outcome: 'problem' }>;
    expect(ins.problem).toMatchObject(want);
    for (const locale of LOCALES) {
      const text = problemText(t(locale), ins.fileName, ins.problem!);
      expect(text).toContain(c.fileName);
      expect(text).not.toMatch(ENGINE_TEXT);
    }
  });
});

describe.each(CASES.filter((c) => c.expect.outcome === 'load').map((c) => [c.name, c] as const))('load: %s', (_name, c) => {
  const want = c.expect as LoadExpect;

  if (c.known) {
    it(`meanwhile (known: ${c.known}), it is refused in words naming the file, or loads with every row accounted for and listed`, async () => {
      const ins = await inspect(c);
      if (ins.problem) {
        for (const locale of LOCALES) expect(problemText(t(locale), ins.fileName, ins.problem)).toContain(c.fileName);
        return;
      }
      const f = (await loadDataset(db, [ins.plan!], { today: TODAY })).files[0];
      expect(f.loaded + f.rejected).toBe(f.dataRows);
      const issues = toRows<IssueRow>(await db.query(issuesSql(100_000)));
      expect(new Set(issues.filter((i) => i.severity === 'rejected').map((i) => i.line)).size).toBe(f.rejected);
    });
  }

  (c.known ? it.fails : it)('loads with every row accounted for and the figures the generator tallied', async () => {
    const ins = await inspect(c);
    expect(ins.problem, `${c.name}: ${JSON.stringify(ins.problem)}`).toBeUndefined();
    if (want.format) expect(ins.plan!.format).toBe(want.format);
    if (want.encoding) expect(ins.plan!.encoding).toBe(want.encoding);
    const report = await loadCase(c, ins);
    const file = report.files[0];
    expect(file.loaded + file.rejected).toBe(file.dataRows);
    expect({ dataRows: file.dataRows, loaded: file.loaded, rejected: file.rejected }).toEqual({ dataRows: want.dataRows, loaded: want.loaded, rejected: want.rejected });
    if (want.warnings !== undefined) expect(file.warnings).toBe(want.warnings);
    if (want.skippedLines !== undefined) expect(file.skippedLines).toBe(want.skippedLines);

    const issues = toRows<IssueRow>(await db.query(issuesSql(100_000)));
    if (want.reasons) {
      const got: Record<string, number> = {};
      for (const i of issues) got[i.reason] = (got[i.reason] ?? 0) + 1;
      expect(got).toEqual(want.reasons);
    }
    // Every rejected row is listed by its line (a row with two bad values, twice).
    expect(new Set(issues.filter((i) => i.severity === 'rejected').map((i) => i.line)).size).toBe(want.rejected);
    expect(file.spanning).toEqual(want.spanning);
    for (const i of issues) expect(i.line, JSON.stringify(i)).toBeGreaterThan(0);

    if (want.orders) {
      const q = report.orders!;
      expect(q.rows).toBe(want.loaded);
      expect(q.orders).toBe(want.orders.orders);
      expect(q.customers).toBe(want.orders.customers);
      // Exact to the last representable digit: huge amounts must not be rounded or dropped.
      expect(q.revenue).toBe(want.orders.revenue);
      if (want.orders.withoutCustomerRows !== undefined) expect(q.withoutCustomer.rows).toBe(want.orders.withoutCustomerRows);
      if (want.orders.returnRows !== undefined) expect(q.returns.rows).toBe(want.orders.returnRows);
      if (want.orders.futureRows !== undefined) expect(q.futureRows).toBe(want.orders.futureRows);
      expect(q.duplicateRows).toBe(want.duplicateRows ?? 0);
      expect(q.conflictingOrderIds).toBe(want.conflictingOrderIds ?? 0);
    }
    if (want.responses !== undefined) expect(report.responses).toEqual({ rows: want.responses });
    if (want.customers !== undefined) expect(report.customers?.rows).toBe(want.customers);
    if (want.exact) {
      const got = toRows<{ v: string }>(await db.query(`SELECT DISTINCT ${want.exact.column} AS v FROM ${want.exact.table} WHERE ${want.exact.column} IS NOT NULL`)).map((r) => r.v);
      expect(got.sort()).toEqual([...new Set(want.exact.values)].sort());
    }

    // The quality table and its download say every reason in words, in both languages.
    for (const locale of LOCALES) {
      const table = issueTable(issues, t(locale));
      for (const row of table.rows) {
        expect(String(row.reason)).not.toMatch(ENGINE_TEXT);
        expect(String(row.reason)).not.toMatch(/^(reason|reader|severity)\./);
        expect(String(row.severity)).not.toMatch(/^severity\./);
      }
    }
  });

  if (c.payload === 'formula') {
    it('no CSV export of it holds a live formula', async () => {
      const report = await loadCase(c, await inspect(c));
      expect(report.files[0].dataRows).toBe(want.dataRows);
      const exports: string[] = [];
      const issues = toRows<IssueRow>(await db.query(issuesCsvSql()));
      exports.push(tableToCsv(issueTable(issues, t('ja'))));
      const table = c.kind === 'responses' ? 'responses' : 'orders';
      const cols = c.kind === 'responses' ? ['customer_id', 'score', 'comment'] : ['customer_id', 'order_id', 'store', 'amount'];
      const data = await db.query(`SELECT ${cols.join(', ')} FROM ${table}`);
      exports.push(listCsv(data, cols.map((k) => ({ key: k, label: k }))));
      const payloads = toRows<{ v: string }>(await db.query(`SELECT ${c.kind === 'responses' ? 'comment' : 'store'} AS v FROM ${table}`)).map((r) => r.v);
      for (const csvText of exports) expect(formulaCells(csvText)).toEqual([]);
      // …and the text itself is kept (behind the quote mark), not dropped.
      for (const p of payloads.filter((v) => v !== null)) expect(exports[1]).toContain(p.replaceAll('"', '""').trim());
    });
  }
});
