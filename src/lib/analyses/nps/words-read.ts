/**
 * Comment word statistics read from the database in batches: the engine worker's
 * `commentWords` and the Node tests run this same loop on their own databases.
 *
 * The rows are copied once into a temporary table and read back by `rowid` range: each batch is
 * a cheap scan of that table rather than the answers query again (LIMIT/OFFSET would rerun it,
 * and without ORDER BY need not return the same order twice). Between batches, and every few
 * milliseconds within one, the loop yields a macrotask, so other calls to the worker (the page's
 * queries) are served meanwhile instead of waiting for 200k comments to be tokenized.
 */
import { ident } from '../../engine/sql';
import type { QueryRunner } from '../../engine/types';
import { BANDS, type Band } from './scale';
import { CommentWordTally, type CommentWordsOptions, type CommentWordsResult } from './words';

/** What an analysis needs to get comment word statistics (the worker's method, or the tests'). */
export interface CommentWordsEngine {
  /** Word statistics of the rows of `sql`, which has columns `comment` and `band`. */
  commentWords(sql: string, options?: CommentWordsOptions): Promise<CommentWordsResult>;
}

export interface ReadPacing {
  /** Rows fetched per query (default 10,000). */
  batchRows?: number;
  /** Longest stretch of tokenizing without yielding, in ms (default 20). */
  sliceMs?: number;
}

const isBand = (v: unknown): v is Band => (BANDS as readonly unknown[]).includes(v);

let tables = 0;

/**
 * A pause of one macrotask. A MessageChannel rather than setTimeout(0): timers nested in timers
 * are clamped to 4 ms, which would add up over a long read.
 */
function macrotasks(): { pause: () => Promise<void>; close: () => void } {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return {
    pause: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      }),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    }
  };
}

/**
 * Read the `comment` and `band` rows of `sql` into word statistics (see ./words.ts). Rows whose
 * band is not 'high', 'mid' or 'low' are skipped.
 */
export async function readCommentWords(
  db: QueryRunner,
  sql: string,
  options: CommentWordsOptions = {},
  pacing: ReadPacing = {}
): Promise<CommentWordsResult> {
  const batch = Math.max(1, Math.floor(pacing.batchRows ?? 10_000));
  const sliceMs = pacing.sliceMs ?? 20;
  const table = ident(`_comment_words_${++tables}`);
  const tally = new CommentWordTally();
  const yielder = macrotasks();
  try {
    await db.query(`CREATE OR REPLACE TEMP TABLE ${table} AS
      SELECT CAST(comment AS VARCHAR) AS comment, CAST(band AS VARCHAR) AS band FROM (${sql})
      WHERE comment IS NOT NULL AND CAST(comment AS VARCHAR) <> ''`);
    const end = Number((await db.query(`SELECT coalesce(max(rowid) + 1, 0) AS n FROM ${table}`)).columns.n[0]);
    for (let from = 0; from < end; from += batch) {
      await yielder.pause();
      const rows = await db.query(`SELECT comment, band FROM ${table} WHERE rowid >= ${from} AND rowid < ${from + batch}`);
      const comments = rows.columns.comment;
      const bands = rows.columns.band;
      let sliceStart = performance.now();
      for (let i = 0; i < rows.rowCount; i++) {
        const band = bands[i];
        if (isBand(band)) tally.add(comments[i] as string | null, band);
        if ((i & 127) === 127 && performance.now() - sliceStart > sliceMs) {
          await yielder.pause();
          sliceStart = performance.now();
        }
      }
    }
    return tally.result(options);
  } finally {
    yielder.close();
    // Not to hide the error that got us here, if any.
    await db.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
  }
}
