/// <reference lib="webworker" />
/**
 * What the engine worker does: owns DuckDB-WASM (which runs in a worker of its own, see
 * `duckdb-worker.ts`), decodes and registers files, and runs the importer and queries.
 * Exposed to the page with Comlink by `worker.ts`. Everything it needs is bundled from the
 * app's own origin: no CDN, no extension downloads.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { arrowToColumns } from './arrow';
import { duckdbWorker } from './duckdb-worker';
import { ENGINE_QUERY_CONFIG, ENGINE_SETUP_SQL } from './setup';
import type { Columns, Database, Progress } from './types';
import { inspectFile, type NamedBlob } from '../ingest/prepare';
import { loadDataset, type LoadReport } from '../ingest/load';
import type { FileInspection, FilePlan } from '../ingest/types';
import { issuesCsvSql } from '../ingest/issues';
import { generateDemo } from '../demo/generate';
import { localToday } from '../analyses/period';
import { runClv } from '../analyses/clv/run';
import type { ClvRequest, ClvResult } from '../analyses/clv/types';

class BrowserDatabase implements Database {
  constructor(
    readonly db: duckdb.AsyncDuckDB,
    readonly conn: duckdb.AsyncDuckDBConnection
  ) {}
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

async function start(): Promise<BrowserDatabase> {
  const { worker, mainModule } = duckdbWorker();
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(mainModule);
  await db.open({ query: { ...ENGINE_QUERY_CONFIG } });
  const conn = await db.connect();
  await conn.query(ENGINE_SETUP_SQL);
  return new BrowserDatabase(db, conn);
}

let started: Promise<BrowserDatabase> | null = null;
const ready = (): Promise<BrowserDatabase> => started ?? Promise.reject(new Error('engine not started'));

type OnProgress = (p: Progress) => void;

export const api = {
  /** Start DuckDB (once); resolves with its version when it can run queries. */
  async start(): Promise<string> {
    started ??= start();
    return (await started).db.getVersion();
  },

  async inspect(files: NamedBlob[], onProgress?: OnProgress): Promise<FileInspection[]> {
    const db = await ready();
    const out: FileInspection[] = [];
    for (const [i, f] of files.entries()) {
      onProgress?.({ stage: 'detect', file: f.name, fraction: i / files.length });
      out.push(await inspectFile(db, f, i));
    }
    return out;
  },

  async load(plans: FilePlan[], onProgress?: OnProgress): Promise<LoadReport> {
    const db = await ready();
    return loadDataset(db, plans, {
      today: localToday(),
      onFile: (file, i) => onProgress?.({ stage: 'load', file, fraction: i / plans.length })
    });
  },

  /** The demo shop: generated here, then imported like any user's files. */
  async demoFiles(): Promise<File[]> {
    return generateDemo().map((f) => new File([f.text], f.name, { type: 'text/csv' }));
  },

  async query(sql: string): Promise<Columns> {
    return (await ready()).query(sql);
  },

  /**
   * Predicted CLV: the summary in SQL, both models fitted (twice, for the holdout check) and the
   * per-customer predictions written to a temporary table — here, so the page never freezes.
   */
  async clv(request: ClvRequest): Promise<ClvResult | null> {
    return runClv(await ready(), request);
  },

  /** Rejected rows and warnings as a CSV text (the page adds the BOM and downloads it). */
  async issuesCsv(): Promise<Columns> {
    return (await ready()).query(issuesCsvSql());
  }
};

export type EngineApi = typeof api;
