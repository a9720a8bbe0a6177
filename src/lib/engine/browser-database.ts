/**
 * DuckDB-WASM in the browser behind the app's `Database` interface: the engine worker's
 * database, and the benchmark's bare page (which runs the app's SQL with nothing around it).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { arrowToColumns, concatColumns } from './arrow';
import { ENGINE_QUERY_CONFIG, ENGINE_SETUP_SQL } from './setup';
import type { DuckdbWorker } from './duckdb-worker';
import type { Columns, Database } from './types';

export class BrowserDatabase implements Database {
  /** Calls of `readingFiles` under way. */
  private fileReads = 0;
  /** The connection for background queries, opened on the first one. */
  private idle: Promise<duckdb.AsyncDuckDBConnection> | null = null;
  /** The background queries, one after the other (a connection runs one sent query at a time). */
  private idleQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly db: duckdb.AsyncDuckDB,
    readonly conn: duckdb.AsyncDuckDBConnection,
    /** DuckDB's threads (more than 1 on the threaded build only). */
    readonly threads = 1
  ) {}

  /** Instantiate DuckDB in its worker (see duckdb-worker.ts), open it and set it up like the app's. */
  static async start({ worker, mainModule, pthreads }: DuckdbWorker): Promise<BrowserDatabase> {
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(mainModule, pthreads?.worker);
    await db.open({ ...(pthreads && { maximumThreads: pthreads.threads }), query: { ...ENGINE_QUERY_CONFIG } });
    const conn = await db.connect();
    await conn.query(ENGINE_SETUP_SQL);
    return new BrowserDatabase(db, conn, pthreads?.threads);
  }

  /**
   * Run `work`, which reads files registered with `registerFile`, on DuckDB's own thread only:
   * the threaded build's other threads cannot read a browser file handle (the query fails with
   * "No HTML5 file registered", or reads nothing). Queries on the loaded tables meanwhile run
   * single-threaded too; all threads are back once no such work is under way.
   */
  async readingFiles<T>(work: () => Promise<T>): Promise<T> {
    if (this.threads <= 1) return work();
    if (this.fileReads++ === 0) await this.exec('SET threads = 1');
    try {
      return await work();
    } finally {
      if (--this.fileReads === 0) await this.exec(`SET threads = ${this.threads}`);
    }
  }

  async query(sql: string): Promise<Columns> {
    return arrowToColumns(await this.conn.query(sql));
  }
  /**
   * Run `sql` in the background: on a connection of its own, sent in slices (see setup.ts), so
   * that `query` calls, which the user waits for, run in between. For work done ahead of time.
   */
  queryIdle(sql: string): Promise<Columns> {
    const run = this.idleQueue.then(async () => {
      const conn = await (this.idle ??= this.db.connect().then(async (c) => (await c.query(ENGINE_SETUP_SQL), c)));
      const batches = await (await conn.send(sql)).readAll();
      return concatColumns(batches[0]?.schema.fields.map((f) => f.name) ?? [], batches.map(arrowToColumns));
    });
    this.idleQueue = run.catch(() => undefined);
    return run;
  }

  async exec(sql: string): Promise<void> {
    await this.conn.query(sql);
  }
  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    await this.db.registerFileBuffer(name, bytes);
  }
  async registerFile(name: string, file: Blob): Promise<void> {
    await this.db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  }
  async dropFile(name: string): Promise<void> {
    await this.db.dropFile(name);
  }
}
