/**
 * `kizuna`: the app's import and analyses on native DuckDB, from the command line. Everything
 * that decides a figure is the app's own code (ingest/, analyses/ through pages/compute.ts, the
 * snapshot builder and codec); this file only wires it to files, flags and output.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NativeDatabase } from './native-database';
import { inspectInputs, InputError } from './inputs';
import { appText, issuesCsv, loadReportText, mappingText, overviewText } from './print';
import { issuesCsvSql, type IssueRow } from '../lib/ingest/issues';
import { say } from './text';
import { datasetOf } from './dataset';
import { loadDataset } from '../lib/ingest/load';
import { CURRENCIES, datasetCurrency } from '../lib/ingest/currency';
import type { DateOrder } from '../lib/ingest/types';
import { localToday } from '../lib/analyses/period';
import { lit } from '../lib/engine/sql';
import { toRows } from '../lib/engine/types';
import { runClv } from '../lib/analyses/clv/run';
import { runProgramme } from '../lib/analyses/programme/run';
import { readCommentWords } from '../lib/analyses/nps/words-read';
import { PAGE_COMPUTE, type OverviewResults, type PageEngine } from '../lib/pages/compute';
import { PAGE_SPECS, type LivePage } from '../lib/pages/specs';
import { PAGE_IDS, isPageId, type PageId } from '../lib/pages/ids';
import { filtersFromParams } from '../lib/state/url-filters';
import { buildSnapshot } from '../lib/state/snapshot/build';
import { encodeSnapshot } from '../lib/state/snapshot/codec';
import { shareLink } from '../lib/state/snapshot/link';
import type { SnapshotDataset } from '../lib/state/snapshot/schema';
import { renderReport, type ReportFile } from './report';
import type { Locale } from '../lib/i18n/format';
import type { MessageKey } from '../lib/i18n/messages/ja';

const COMMANDS = ['load', 'overview', 'snapshot', 'report'] as const;
type Command = (typeof COMMANDS)[number];

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const STD_IO: CliIo = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n')
};

/** The same description for canonical tables loaded earlier into a database file (or a hosted one). */
async function datasetOfTables(db: NativeDatabase): Promise<SnapshotDataset> {
  const c = await db.query(`SELECT (SELECT count(*) FROM orders) AS rows,
      (SELECT count(DISTINCT customer_id) FROM order_facts WHERE customer_id IS NOT NULL) AS customers,
      (SELECT count(*) FROM order_facts WHERE customer_id IS NOT NULL AND NOT is_return) AS orders,
      (SELECT strftime(first, '%Y-%m-%d') FROM order_span) AS "from", (SELECT strftime(last, '%Y-%m-%d') FROM order_span) AS "to"`);
  const v = (k: string) => c.columns[k][0];
  return { rows: Number(v('rows')), customers: Number(v('customers')), orders: Number(v('orders')), from: v('from') as string | null, to: v('to') as string | null };
}

/**
 * In a database file the canonical tables outlive this run, but the loader's `orders` is a view
 * over tables (one per file) in the in-memory work database, which ends with the run: it is kept as a table, with
 * what a later run's snapshots say of the data (`kizuna_dataset`: counts, dates, currency).
 */
async function keepTables(db: NativeDatabase, dataset: SnapshotDataset, currency: string): Promise<void> {
  const c = await db.query(`SELECT count(*) AS n FROM duckdb_views() WHERE view_name = 'orders' AND NOT temporary`);
  if (Number(c.columns.n[0]) > 0)
    await db.exec(`CREATE OR REPLACE TABLE _kizuna_orders AS SELECT * FROM orders;
      DROP VIEW orders; ALTER TABLE _kizuna_orders RENAME TO orders;`);
  await db.exec(`CREATE OR REPLACE TABLE kizuna_dataset AS SELECT ${lit(currency)} AS currency, ${dataset.rows} AS rows,
    ${lit(dataset.customers)}::BIGINT AS customers, ${lit(dataset.orders)}::BIGINT AS orders,
    ${lit(dataset.from)} AS "from", ${lit(dataset.to)} AS "to"`);
}

/** Before loading into a database file again: the loader makes `orders` a view, so a kept `orders` table goes first. */
async function releaseTables(db: NativeDatabase): Promise<void> {
  const c = await db.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'orders' AND schema_name = 'main' AND NOT temporary`);
  if (Number(c.columns.n[0]) > 0) await db.exec('DROP TABLE main.orders');
}

/** What `keepTables` kept, or null when the tables were loaded by something else. */
async function keptDataset(db: NativeDatabase): Promise<{ dataset: SnapshotDataset; currency: string } | null> {
  const c = await db.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'kizuna_dataset'`);
  if (Number(c.columns.n[0]) === 0) return null;
  const [row] = toRows<SnapshotDataset & { currency: string }>(await db.query('SELECT * FROM kizuna_dataset'));
  if (!row) return null;
  const { currency, ...dataset } = row;
  return { dataset, currency };
}

async function hasTables(db: NativeDatabase): Promise<boolean> {
  const c = await db.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'order_span'
    UNION ALL SELECT count(*) FROM (SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views()) WHERE table_name = 'order_facts'`);
  return c.columns.n.every((n) => Number(n) > 0);
}

/** The pages' engine on native DuckDB: queries, and what runs in the app's worker (CLV fits, comment words, programme effect) in-process. */
export function nativePageEngine(db: NativeDatabase): PageEngine {
  return {
    query: (sql) => db.query(sql),
    clv: (request) => runClv(db, request),
    commentWords: (sql, options) => readCommentWords(db, sql, options),
    programme: (filters) => runProgramme(db, filters)
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      map: { type: 'string', multiple: true, default: [] },
      kind: { type: 'string', multiple: true, default: [] },
      'date-order': { type: 'string' },
      'decimal-mark': { type: 'string' },
      page: { type: 'string', multiple: true, default: [] },
      all: { type: 'boolean', default: false },
      params: { type: 'string', default: '' },
      output: { type: 'string', short: 'o' },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
      issues: { type: 'string' },
      db: { type: 'string' },
      threads: { type: 'string' },
      'memory-limit': { type: 'string' },
      locale: { type: 'string', default: 'ja' },
      currency: { type: 'string' },
      today: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  });
}

/** Run the command line; resolves with the exit code (0 done, 1 failed, 2 bad usage). */
export async function main(argv: string[], io: CliIo = STD_IO): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const o = args.values;
  const locale: Locale = o.locale === 'en' ? 'en' : 'ja';
  const [command, ...files] = args.positionals;
  if (o.help || !command) {
    io.out(say(locale, 'usage'));
    return o.help ? 0 : 2;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    io.err(`${command}?\n\n${say(locale, 'usage')}`);
    return 2;
  }
  const pages: PageId[] = o.all ? [...PAGE_IDS] : o.page.length ? [] : ['overview'];
  for (const p of o.page) {
    if (!isPageId(p)) {
      io.err(`--page ${p}: ${PAGE_IDS.join(', ')}`);
      return 2;
    }
    if (!pages.includes(p)) pages.push(p);
  }
  if (o['date-order'] && !['ymd', 'mdy', 'dmy'].includes(o['date-order'])) {
    io.err(`--date-order ${o['date-order']}: ymd, mdy, dmy`);
    return 2;
  }
  if (o['decimal-mark'] && !['point', 'comma'].includes(o['decimal-mark'])) {
    io.err(`--decimal-mark ${o['decimal-mark']}: point, comma`);
    return 2;
  }
  if (o.currency && !(CURRENCIES as readonly string[]).includes(o.currency)) {
    io.err(`--currency ${o.currency}: ${CURRENCIES.join(', ')}`);
    return 2;
  }
  const params = new URLSearchParams(o.params.replace(/^\?/, ''));

  const db = await NativeDatabase.open({
    database: o.db,
    threads: o.threads ? Number(o.threads) : undefined,
    memoryLimit: o['memory-limit']
  });
  // Interrupted (Ctrl-C): no converted copies or spill files left behind.
  const interrupted = () => {
    db.removeScratch();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const engine = await db.version();
    io.err(say(locale, 'engine', engine));
    let dataset: SnapshotDataset;
    let currency: string;
    if (files.length > 0) {
      const { plans, ambiguous, ambiguousDecimal } = await inspectInputs(
        db,
        files,
        {
          map: o.map, kind: o.kind, dateOrder: o['date-order'] as DateOrder | undefined,
          decimalMark: o['decimal-mark'] === 'comma' ? ',' : o['decimal-mark'] === 'point' ? '.' : undefined
        },
        locale,
        (file) => io.err(say(locale, 'reading', { file }))
      );
      for (const line of mappingText(locale, plans)) io.err(line);
      for (const p of ambiguous) io.err(say(locale, 'ambiguous', { file: p.fileName, order: p.dateOrder }));
      for (const p of ambiguousDecimal) io.err(say(locale, 'ambiguousDecimal', { file: p.fileName }));
      currency = o.currency ?? datasetCurrency(plans);
      const persistent = Boolean(o.db && o.db !== ':memory:');
      if (persistent) await releaseTables(db);
      const report = await loadDataset(db, plans, {
        today: o.today ?? localToday(),
        onFile: (file) => io.err(say(locale, 'loading', { file }))
      });
      for (const line of loadReportText(locale, report, currency)) (command === 'load' ? io.out : io.err)(line);
      if (command === 'load' && o.json) io.out(JSON.stringify(report, null, 2));
      if (o.issues) write(io, o.issues, issuesCsv(locale, toRows<IssueRow>(await db.query(issuesCsvSql()))), locale);
      dataset = datasetOf(report);
      if (persistent) await keepTables(db, dataset, currency);
    } else if (o.db && (await hasTables(db))) {
      io.err(say(locale, 'existing', { db: o.db }));
      const kept = await keptDataset(db);
      currency = o.currency ?? kept?.currency ?? 'JPY';
      dataset = kept?.dataset ?? (await datasetOfTables(db));
    } else {
      io.err(say(locale, 'noFiles'));
      return 2;
    }
    if (command === 'load') return 0;

    const pageEngine = nativePageEngine(db);
    if (command === 'overview') {
      const results = (await PAGE_COMPUTE.overview.collect(pageEngine, filtersFromParams(params), {}, params)) as OverviewResults;
      if (!results.overview) {
        io.err(say(locale, 'noData'));
        return 1;
      }
      if (o.json) io.out(JSON.stringify(results.overview, null, 2));
      else for (const line of overviewText(locale, results.overview, currency)) io.out(line);
      return 0;
    }

    const live: LivePage[] = [];
    for (const id of pages) {
      io.err(say(locale, 'computing', { page: appText(locale, `nav.${id}` as MessageKey) }));
      // One page at a time, as the app's "all pages" report collects them.
      live.push({ id, params, results: await PAGE_COMPUTE[id].collect(pageEngine, filtersFromParams(params), PAGE_SPECS[id].view(params) as never, params) });
    }
    const { snapshot, refused } = buildSnapshot({ pages: live, filters: filtersFromParams(params), dataset, locale, currency });
    if (refused.length) io.err(say(locale, 'refused', { pages: refused.join(', ') }));
    if (!snapshot) {
      io.err(say(locale, 'nothing'));
      return 1;
    }
    const fragment = await encodeSnapshot(snapshot);
    if (command === 'snapshot') {
      const text = o.url ? shareLink(o.url.replace(/\/+$/, ''), '', fragment) : fragment;
      write(io, o.output, text + '\n', locale);
      return 0;
    }
    const report = await reportFile(fragment, locale, io);
    if (!report) return 1;
    // Named as the app names the download when no file is given.
    write(io, o.output ?? report.name, report.html, locale);
    return 0;
  } catch (e) {
    // A file or flag the user can fix gets its message; anything else its message too, and the stack with KIZUNA_DEBUG=1.
    io.err(e instanceof Error ? e.message : String(e));
    if (!(e instanceof InputError) && process.env.KIZUNA_DEBUG && e instanceof Error && e.stack) io.err(e.stack);
    return 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    db.close();
  }
}

function write(io: CliIo, output: string | undefined, text: string, locale: Locale): void {
  if (!output || output === '-') {
    io.out(text.replace(/\n$/, ''));
    return;
  }
  writeFileSync(output, text);
  io.err(say(locale, 'wrote', { file: output, chars: text.trimEnd().length }));
}

async function reportFile(fragment: string, locale: Locale, io: CliIo): Promise<ReportFile | null> {
  try {
    return await renderReport(fragment, locale);
  } catch (e) {
    io.err(say(locale, 'noReport', { detail: e instanceof Error ? e.message : String(e) }));
    return null;
  }
}

export type { Command };
