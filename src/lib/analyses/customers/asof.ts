/**
 * The analysis date of a customer-level snapshot (RFM, CPM): what "as of" means when the user
 * has not said. Defaults to the last order date in the data, so recency is measured from the
 * end of the export rather than from today (an export from last year would make everyone look
 * lapsed). The global date filter's end caps it: nothing after `filters.to` is looked at.
 */
import { dateLit } from '../../engine/sql';
import { firstRow, type QueryRunner } from '../../engine/types';
import { DATA_SPAN_SQL, LAST_DATE_SQL } from './summary';
import type { Filters } from '../filters';

/** Pure choice: the requested date, else the data's last date, never after `filtersTo`. */
export function pickAsOf(dataLast: string, filtersTo: string | null, requested?: string | null): string {
  const chosen = requested ?? dataLast;
  dateLit(chosen); // refuses anything but YYYY-MM-DD before it reaches SQL or a comparison
  if (filtersTo) dateLit(filtersTo);
  return filtersTo && filtersTo < chosen ? filtersTo : chosen;
}

/** The analysis date to use, or null when there are no identified orders at all. */
export async function resolveAsOf(db: QueryRunner, filters: Filters, requested?: string | null): Promise<string | null> {
  const { last } = firstRow<{ last: string | null }>(await db.query(LAST_DATE_SQL));
  return last ? pickAsOf(last, filters.to, requested) : null;
}

/** The analysed history, YYYY-MM-DD, both included. */
export interface History {
  from: string;
  asOf: string;
}

/**
 * The analysed history of analyses that follow customers over time (cohorts, predicted CLV):
 * from the date filter's start (never before the export's first order) to the analysis date
 * (`pickAsOf`: the export's last order date, capped by the date filter's end). Null when there
 * are no identified orders at all.
 */
export async function resolveHistory(db: QueryRunner, filters: Filters): Promise<History | null> {
  const span = firstRow<{ first: string | null; last: string | null }>(await db.query(DATA_SPAN_SQL));
  if (!span.first || !span.last) return null;
  const asOf = pickAsOf(span.last, filters.to);
  if (filters.from) dateLit(filters.from); // refuses anything but YYYY-MM-DD before a comparison
  const from = filters.from && filters.from > span.first ? filters.from : span.first;
  return { from, asOf };
}
