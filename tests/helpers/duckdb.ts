/**
 * The same DuckDB as the browser (duckdb-wasm's node blocking build, same version), wrapped in
 * the app's `Database` interface so tests run the app's real SQL.
 */
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { createRequire } from 'node:module';
import path from 'node:path';
import { arrowToColumns } from '../../src/lib/engine/arrow';
import { ENGINE_QUERY_CONFIG, ENGINE_SETUP_SQL } from '../../src/lib/engine/setup';
import type { Columns, Database } from '../../src/lib/engine/types';

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));

/** A blocking duckdb-wasm instance set up like the app's (also used by the benchmark's profile). */
export async function openBlocking(): Promise<{ db: duckdb.DuckDBBindings; conn: duckdb.DuckDBConnection }> {
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' }
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  db.open({ query: { ...ENGINE_QUERY_CONFIG } });
  const conn = db.connect();
  conn.query(ENGINE_SETUP_SQL);
  return { db, conn };
}

export class NodeDatabase implements Database {
  private constructor(
    private readonly db: duckdb.DuckDBBindings,
    private readonly conn: duckdb.DuckDBConnection
  ) {}

  static async open(): Promise<NodeDatabase> {
    const { db, conn } = await openBlocking();
    return new NodeDatabase(db, conn);
  }

  async query(sql: string): Promise<Columns> {
    return arrowToColumns(this.conn.query(sql));
  }
  /** Another connection to the same database, set up like the first (as the browser's background one). */
  otherConnection(): { query(sql: string): Promise<Columns> } {
    const conn = this.db.connect();
    conn.query(ENGINE_SETUP_SQL);
    return { query: async (sql) => arrowToColumns(conn.query(sql)) };
  }
  async exec(sql: string): Promise<void> {
    this.conn.query(sql);
  }
  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    this.db.registerFileBuffer(name, bytes);
  }
  async dropFile(name: string): Promise<void> {
    this.db.dropFile(name);
  }
  close(): void {
    this.conn.close();
    this.db.reset();
  }
}
