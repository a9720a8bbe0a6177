/**
 * DuckDB's first big query in a fresh tab runs mostly on V8's baseline WebAssembly code: V8
 * compiles a hot function's optimised code only once it has run a while, on a background thread.
 * On the bench's 2 cores that made a first 1M-row load and overview about a fifth slower than the
 * same work a second time. So while the user is still choosing a file, the engine does the work
 * a real file will need on a small generated orders file (the app's own inspection, load and
 * overview), then drops everything it made: the user's file then runs on code that is already fast.
 *
 * It gives way at once: `stop()` (any real call does it, see api.ts) makes the next statement
 * throw, so a file dropped meanwhile waits for one small statement and the clean-up only.
 */
import { inspectFile } from '../ingest/prepare';
import { loadDataset } from '../ingest/load';
import { runOverview } from '../analyses/overview/run';
import { localToday } from '../analyses/period';
import { NO_FILTERS } from '../analyses/filters';
import { ident } from './sql';
import { toRows, type Columns, type Database } from './types';

/** Orders in the generated file: enough for V8 to optimise the hot paths, done in about a second here. */
export const WARM_UP_ROWS = 100_000;

/** The inspection registers the file as `file<index>.csv`: the clean-up drops that name. */
const FILE_INDEX = 0;

class Stopped extends Error {}

/** An orders export as shops send it (customer, order, time of day, amount in yen, channel), in memory. */
export function warmUpFile(rows = WARM_UP_ROWS): File {
  const channels = ['online', 'store', 'app'];
  const start = Date.UTC(2023, 0, 1);
  const lines = ['customer_id,order_id,order_date,amount,channel'];
  for (let i = 0; i < rows; i++) {
    // Deterministic and spread out: ~5 orders per customer over three years, amounts 100–9,999.
    const at = new Date(start + ((i * 7919) % 1096) * 86_400_000 + ((i * 104_729) % 86_400) * 1000);
    const customer = `C${String((i * 31) % Math.max(1, Math.floor(rows / 5))).padStart(7, '0')}`;
    lines.push(`${customer},W${i},${at.toISOString().slice(0, 19).replace('T', ' ')},${100 + ((i * 37) % 9900)},${channels[i % 3]}`);
  }
  return new File([lines.join('\n') + '\n'], 'warm-up.csv', { type: 'text/csv' });
}

/** Tables and views the database holds, each as a statement that drops it. */
async function dropStatements(db: Database): Promise<Set<string>> {
  const names = (c: Columns) =>
    toRows<{ d: string; s: string; n: string }>(c).map(({ d, s, n }) => [d, s, n].map(ident).join('.'));
  const tables = await db.query('SELECT database_name AS d, schema_name AS s, table_name AS n FROM duckdb_tables()');
  const views = await db.query('SELECT database_name AS d, schema_name AS s, view_name AS n FROM duckdb_views() WHERE NOT internal');
  return new Set([...names(views).map((n) => `DROP VIEW IF EXISTS ${n}`), ...names(tables).map((n) => `DROP TABLE IF EXISTS ${n}`)]);
}

export class WarmUp {
  private stopped = false;
  private finished = false;
  /** Settles when the warm-up has finished or given way, its tables and files gone. */
  readonly done: Promise<void>;

  constructor(db: Database) {
    this.done = this.run(db).catch(() => undefined);
  }

  stop(): void {
    this.stopped = true;
  }

  /** It ran to the end (not stopped, nothing failed). */
  get completed(): boolean {
    return this.finished;
  }

  private async run(db: Database): Promise<void> {
    const before = await dropStatements(db);
    const guarded: Database = {
      query: (sql) => (this.stopped ? Promise.reject(new Stopped()) : db.query(sql)),
      exec: (sql) => (this.stopped ? Promise.reject(new Stopped()) : db.exec(sql)),
      registerBuffer: (name, bytes) => db.registerBuffer(name, bytes),
      registerFile: db.registerFile && ((name, file) => db.registerFile!(name, file)),
      dropFile: (name) => db.dropFile(name),
      readingFiles: db.readingFiles && ((work) => db.readingFiles!(work))
    };
    try {
      const { plan } = await inspectFile(guarded, warmUpFile(), FILE_INDEX);
      if (!plan) return;
      await loadDataset(guarded, [plan], { today: localToday() });
      await runOverview(guarded, NO_FILTERS);
      this.finished = true;
    } finally {
      for (const drop of await dropStatements(db)) if (!before.has(drop)) await db.exec(drop);
      await db.dropFile(`file${FILE_INDEX}.csv`).catch(() => undefined);
    }
  }
}
