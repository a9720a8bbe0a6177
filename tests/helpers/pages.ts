/** Every analysis page computed on real DuckDB in Node, as the app computes it in the browser. */
import type { NodeDatabase } from './duckdb';
import { runClv } from '../../src/lib/analyses/clv/run';
import { PAGE_SPECS } from '../../src/lib/pages/specs';
import { PAGE_COMPUTE, type PageEngine } from '../../src/lib/pages/compute';
import { PAGE_IDS } from '../../src/lib/pages/ids';
import { filtersFromParams } from '../../src/lib/state/url-filters';
import type { LivePage } from '../../src/lib/state/snapshot/build';

/** The pages' engine on a Node database: queries, and the predicted-CLV fit run in-process. */
export function pageEngine(db: NodeDatabase): PageEngine {
  return { query: (sql) => db.query(sql), clv: (request) => runClv(db, request) };
}

/** All pages with the settings in `params` (filters and each page's own), as the "all pages" report collects them. */
export async function collectPages(db: NodeDatabase, params = new URLSearchParams()): Promise<LivePage[]> {
  const engine = pageEngine(db);
  const filters = filtersFromParams(params);
  const out: LivePage[] = [];
  for (const id of PAGE_IDS) {
    out.push({ id, params, results: await PAGE_COMPUTE[id].collect(engine, filters, PAGE_SPECS[id].view(params) as never) });
  }
  return out;
}
