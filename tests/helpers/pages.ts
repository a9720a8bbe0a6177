/** Every analysis page computed on real DuckDB in Node, as the app computes it in the browser. */
import type { NodeDatabase } from './duckdb';
import { runClv } from '../../src/lib/analyses/clv/run';
import { runProgramme } from '../../src/lib/analyses/programme/run';
import { collectPages as collectAll, type PageEngine } from '../../src/lib/pages/compute';
import type { LivePage } from '../../src/lib/pages/specs';
import { readCommentWords, type CommentWordsEngine } from '../../src/lib/analyses/nps/words-read';

/** The pages' engine on a Node database: queries, and the predicted-CLV fit, comment words and programme effect run in-process. */
export function pageEngine(db: NodeDatabase): PageEngine & CommentWordsEngine {
  return {
    query: (sql) => db.query(sql),
    clv: (request) => runClv(db, request),
    commentWords: (sql, options) => readCommentWords(db, sql, options),
    programme: (filters) => runProgramme(db, filters)
  };
}

/** All pages with the settings in `params` (filters and each page's own), as the "all pages" report collects them. */
export function collectPages(db: NodeDatabase, params = new URLSearchParams()): Promise<LivePage[]> {
  return collectAll(pageEngine(db), params);
}
