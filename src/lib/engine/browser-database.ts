/**
 * DuckDB-WASM in the browser behind the app's `Database` interface: the engine worker's
 * database, and the benchmark's bare page (which runs the app's SQL with nothing around it).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { arrowToColumns } from './arrow';
import { ENGINE_QUERY_CONFIG, ENGINE_SETUP_SQL } from './setup';
import type { Columns, Database } from './types';

export class BrowserDatabase implements Database {
  constructor(
    readonly db: duckdb.AsyncDuckDB,
    readonly conn: duckdb.AsyncDuckDBConnection
  ) {}

  /** Instantiate DuckDB in `worker` (its glue for `mainModule`), open it and set it up like the app's. */
  static async start(worker: Worker, mainModule: string): Promise<BrowserDatabase> {
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(mainModule);
    await db.open({ query: { ...ENGINE_QUERY_CONFIG } });
    const conn = await db.connect();
    await conn.query(ENGINE_SETUP_SQL);
    return new BrowserDatabase(db, conn);
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
