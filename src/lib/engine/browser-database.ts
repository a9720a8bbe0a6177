/**
 * DuckDB-WASM in the browser behind the app's `Database` interface: the engine worker's
 * database, and the benchmark's bare page (which runs the app's SQL with nothing around it).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { arrowToColumns } from './arrow';
import { ENGINE_QUERY_CONFIG, ENGINE_SETUP_SQL } from './setup';
import type { DuckdbWorker } from './duckdb-worker';
import type { Columns, Database } from './types';

export class BrowserDatabase implements Database {
  /** Calls of `readingFiles` under way. */
  private fileReads = 0;

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
