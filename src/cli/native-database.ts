/**
 * Native DuckDB (@duckdb/node-api: multi-threaded, out of core) behind the app's `Database`
 * interface, so the importer and every analysis run on it unchanged. Same engine version as
 * duckdb-wasm 1.32 (DuckDB v1.4.3), set up like the app's (autoload off).
 *
 * The importer reads files by the names it registers (`file0.csv`…). DuckDB's native file system
 * has no registered buffers, so those names live in a scratch folder of this run, which is the
 * `file_search_path` of the database: a file on disk is linked there (never copied or read into
 * JS), a decoded one (Shift_JIS, aligned columns, Excel) is written there.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENGINE_SETUP_SQL } from '../lib/engine/setup';
import { lit } from '../lib/engine/sql';
import { toCell } from '../lib/engine/arrow';
import type { Cell, Columns, Database } from '../lib/engine/types';

export interface NativeOptions {
  /** ':memory:' (default), a DuckDB database file, or a connection string such as `md:my_db`. */
  database?: string;
  threads?: number;
  /** e.g. '8GB'; DuckDB's default is 80 % of the machine's memory. */
  memoryLimit?: string;
}

export class NativeDatabase implements Database {
  /** Blobs that are files on disk, by blob: registered by linking, not by reading. */
  private readonly onDisk = new WeakMap<Blob, string>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    /** This run's scratch folder: registered files, converted inputs, spill files. */
    readonly scratch: string
  ) {}

  static async open(options: NativeOptions = {}): Promise<NativeDatabase> {
    const scratch = mkdtempSync(path.join(tmpdir(), 'kizuna-'));
    mkdirSync(path.join(scratch, 'files'));
    const instance = await DuckDBInstance.create(options.database ?? ':memory:');
    const conn = await instance.connect();
    await conn.run(ENGINE_SETUP_SQL);
    // DuckDB's own path setting (not the app's SQL): relative names resolve to this run's files.
    await conn.run(`SET file_search_path = ${lit(path.join(scratch, 'files'))}`);
    await conn.run(`SET temp_directory = ${lit(path.join(scratch, 'spill'))}`);
    if (options.threads) await conn.run(`SET threads = ${Math.max(1, Math.floor(options.threads))}`);
    if (options.memoryLimit) await conn.run(`SET memory_limit = ${lit(options.memoryLimit)}`);
    return new NativeDatabase(instance, conn, scratch);
  }

  /** Where a registered name lives on disk. */
  filePath(name: string): string {
    return path.join(this.scratch, 'files', path.basename(name));
  }

  /** Say that `blob` is the file at `file`, so registering it links the file instead of reading it. */
  markOnDisk(blob: Blob, file: string): void {
    this.onDisk.set(blob, path.resolve(file));
  }

  async query(sql: string): Promise<Columns> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.columnNames();
    const data = reader.getColumnsJS();
    const columns: Record<string, Cell[]> = {};
    names.forEach((n, i) => {
      const col = data[i] ?? [];
      const out: Cell[] = new Array(col.length);
      for (let r = 0; r < col.length; r++) out[r] = toCell(col[r]);
      columns[n] = out;
    });
    return { names, columns, rowCount: reader.currentRowCount };
  }

  async exec(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    this.unlinkQuietly(name);
    writeFileSync(this.filePath(name), bytes);
  }

  async registerFile(name: string, file: Blob): Promise<void> {
    const disk = this.onDisk.get(file);
    if (!disk) return this.registerBuffer(name, new Uint8Array(await file.arrayBuffer()));
    this.unlinkQuietly(name);
    symlinkSync(disk, this.filePath(name));
  }

  async dropFile(name: string): Promise<void> {
    this.unlinkQuietly(name);
  }

  private unlinkQuietly(name: string): void {
    try {
      unlinkSync(this.filePath(name));
    } catch {
      // not there
    }
  }

  async version(): Promise<{ version: string; threads: number }> {
    const c = await this.query("SELECT version() AS v, current_setting('threads') AS t");
    return { version: String(c.columns.v[0]), threads: Number(c.columns.t[0]) };
  }

  /** The scratch folder removed (also when the run is interrupted). */
  removeScratch(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
    this.removeScratch();
  }
}
