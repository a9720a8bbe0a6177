/** A cell as it crosses the worker boundary: plain, structured-cloneable values only. */
export type Cell = string | number | boolean | null;

/** Query results travel as plain column arrays (cheap to clone, easy to chart). */
export interface Columns {
  names: string[];
  columns: Record<string, Cell[]>;
  rowCount: number;
}

/** The minimum an analysis or the importer needs from a database. */
export interface QueryRunner {
  query(sql: string): Promise<Columns>;
  /** Work done ahead of time, in the background: what it caches is kept only while there is room (analyses/cache.ts). */
  readonly ahead?: boolean;
}

/** What the importer needs on top of queries: a file system to put decoded files in. */
export interface Database extends QueryRunner {
  /** Run statements whose results are not needed. */
  exec(sql: string): Promise<void>;
  registerBuffer(name: string, bytes: Uint8Array): Promise<void>;
  /** Register a browser File without copying it into JS memory (browser only). */
  registerFile?(name: string, file: Blob): Promise<void>;
  dropFile(name: string): Promise<void>;
  /** Run `work`, which reads registered files, the way this database must (see BrowserDatabase). */
  readingFiles?<T>(work: () => Promise<T>): Promise<T>;
}

/** `work`, which reads registered files, run the way `db` needs. */
export function readingFiles<T>(db: Database, work: () => Promise<T>): Promise<T> {
  return db.readingFiles ? db.readingFiles(work) : work();
}

/** What the engine is: DuckDB's version, and how many threads it runs queries on. */
export interface EngineInfo {
  version: string;
  threads: number;
}

export type ProgressStage = 'start' | 'read' | 'detect' | 'load' | 'build' | 'report' | 'done';

export interface Progress {
  stage: ProgressStage;
  /** The file the step is about, if any. */
  file?: string;
  /** 0..1 when known. */
  fraction?: number;
}

/** Turn the column form into row objects (for small results: tables, tests). */
export function toRows<T = Record<string, Cell>>(c: Columns): T[] {
  const out: T[] = [];
  for (let i = 0; i < c.rowCount; i++) {
    const row: Record<string, Cell> = {};
    for (const n of c.names) row[n] = c.columns[n][i];
    out.push(row as T);
  }
  return out;
}

/** The first row of a result as an object; throws when the query returned nothing. */
export function firstRow<T = Record<string, Cell>>(c: Columns): T {
  if (c.rowCount === 0) throw new Error('query returned no rows');
  return toRows<T>(c)[0];
}
