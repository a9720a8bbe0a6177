/// <reference lib="webworker" />
/**
 * What the engine worker does: owns DuckDB-WASM (which runs in a worker of its own, see
 * `duckdb-worker.ts`), decodes and registers files, and runs the importer and queries.
 * Exposed to the page with Comlink by `worker.ts`. Everything it needs is bundled from the
 * app's own origin: no CDN, no extension downloads.
 */
import { BrowserDatabase } from './browser-database';
import { WarmUp } from './warm-up';
import { duckdbWorker } from './duckdb-worker';
import type { Columns, EngineInfo, Progress } from './types';
import { inspectFile, type NamedBlob } from '../ingest/prepare';
import { loadDataset, type LoadReport } from '../ingest/load';
import type { FileInspection, FilePlan } from '../ingest/types';
import { issuesCsvSql } from '../ingest/issues';
import { generateDemo } from '../demo/generate';
import { localToday } from '../analyses/period';
import { runClv } from '../analyses/clv/run';
import type { ClvRequest, ClvResult } from '../analyses/clv/types';
import { readCommentWords } from '../analyses/nps/words-read';
import { runProgramme } from '../analyses/programme/run';
import type { ProgrammeResult } from '../analyses/programme/types';
import type { Filters } from '../analyses/filters';
import type { CommentWordsOptions, CommentWordsResult } from '../analyses/nps/words';

let started: Promise<BrowserDatabase> | null = null;
let warming: WarmUp | null = null;
/** Calls that needed the database so far: a warm-up only starts in a worker nobody has used. */
let calls = 0;

/** The database, for a call that needs it: a warm-up under way gives way first. */
async function ready(): Promise<BrowserDatabase> {
  if (!started) throw new Error('engine not started');
  calls++;
  const db = await started;
  if (warming) {
    warming.stop();
    await warming.done;
  }
  return db;
}

type OnProgress = (p: Progress) => void;

export const api = {
  /** The page's "are you there?" (see liveness.ts): answered at once, whatever DuckDB is doing. */
  ping(): true {
    return true;
  },

  /** Start DuckDB (once); resolves when it can run queries, with its version and threads. */
  async start(): Promise<EngineInfo> {
    started ??= BrowserDatabase.start(duckdbWorker());
    const db = await started;
    return { version: await db.db.getVersion(), threads: db.threads };
  },

  /**
   * Run the work a first file needs on a generated one, so that the user's file finds V8's fast
   * code (see warm-up.ts); any other call stops it. Only in a worker no call has used yet; true
   * when it ran to the end.
   */
  async warmUp(): Promise<boolean> {
    if (!started || calls > 0 || warming) return false;
    const db = await started;
    if (calls > 0) return false;
    const run = (warming = new WarmUp(db));
    await run.done;
    warming = null;
    return run.completed;
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

  /** `query`, in the background: queries meanwhile run between its slices (see BrowserDatabase.queryIdle). */
  async queryIdle(sql: string): Promise<Columns> {
    return (await ready()).queryIdle(sql);
  },

  /**
   * Predicted CLV: the summary in SQL, both models fitted (twice, for the holdout check) and the
   * per-customer predictions written to a temporary table — here, so the page never freezes.
   */
  async clv(request: ClvRequest): Promise<ClvResult | null> {
    return runClv(await ready(), request);
  },

  /** The programme's effect: matching and the bootstrap of the naive gap run here, so the page never freezes. */
  async programme(filters: Filters): Promise<ProgrammeResult | null> {
    return runProgramme(await ready(), filters);
  },

  /**
   * Word statistics of survey comments: `sql` yields rows with columns `comment` and `band`
   * (see analyses/nps/words.ts). Read in batches that let other calls through meanwhile.
   */
  async commentWords(sql: string, options?: CommentWordsOptions): Promise<CommentWordsResult> {
    return readCommentWords(await ready(), sql, options);
  },

  /** Rejected rows and warnings as a CSV text (the page adds the BOM and downloads it). */
  async issuesCsv(): Promise<Columns> {
    return (await ready()).query(issuesCsvSql());
  }
};

export type EngineApi = typeof api;
