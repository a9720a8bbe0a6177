/**
 * Predicted CLV end to end, as the worker runs it: the per-customer summary in SQL, both models
 * fitted twice (on the whole history for the predictions, on the history up to the split for
 * the holdout check), per-customer predictions into a temporary table for the customer lists,
 * and the aggregates for the page. The maths is in `model.ts` and `holdout.ts`; this file only
 * moves data.
 */
import { ident, lit } from '../../engine/sql';
import { toRows, type Cell, type Columns, type Database } from '../../engine/types';
import { resolveHistory, type History } from '../customers/asof';
import { lengthInDays, addDays } from '../period';
import { checkHoldout, trackingStep, type HoldoutStep } from './holdout';
import { fitClvModels, predictCustomers, type CustomerPredictions, type SummaryColumns } from './model';
import { PERIOD_COLUMNS, clvDaysSql, clvSummarySql, holdoutStepsSql, type ClvWindow } from './summary';
import {
  MIN_CALIBRATION_DAYS, MIN_HOLDOUT_DAYS, TIME_UNITS, type ClvRequest, type ClvResult, type HoldoutCheck
} from './types';

/** Refuses requests the page should never send (it parses the URL forgivingly into valid ones). */
export function checkClvRequest(r: ClvRequest): void {
  if (!TIME_UNITS.includes(r.timeUnit)) throw new RangeError(`unknown time unit: ${r.timeUnit}`);
  if (!(Number.isInteger(r.horizonMonths) && r.horizonMonths >= 1 && r.horizonMonths <= 120))
    throw new RangeError(`horizonMonths must be a whole number from 1 to 120 (got ${r.horizonMonths})`);
  if (!(Number.isFinite(r.annualDiscountRate) && r.annualDiscountRate >= 0 && r.annualDiscountRate < 10))
    throw new RangeError(`annualDiscountRate must be in [0, 10) (got ${r.annualDiscountRate})`);
  if (!(Number.isInteger(r.purchaseDays) && r.purchaseDays >= 1 && r.purchaseDays <= 3650))
    throw new RangeError(`purchaseDays must be a whole number from 1 to 3650 (got ${r.purchaseDays})`);
}

/**
 * The default holdout: the last quarter of the history, at most 26 weeks, in whole weeks
 * (a quarter of a long history is more than a marketer plans for; weeks keep weekday mixes equal).
 */
export function defaultHoldoutDays(historyDays: number): number {
  return Math.max(MIN_HOLDOUT_DAYS, 7 * Math.round(Math.min(historyDays * 0.25, 182) / 7));
}

/**
 * The split of the holdout check: the requested date when it leaves at least MIN_CALIBRATION_DAYS
 * of calibration and MIN_HOLDOUT_DAYS of holdout, else the default; null when the history is
 * too short for any.
 */
export function resolveSplit(h: History, requested: string | null): { split: string; holdoutDays: number } | null {
  const days = lengthInDays(h.from, h.asOf) - 1; // from → asOf, in days
  const fits = (split: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(split) &&
    lengthInDays(h.from, split) - 1 >= MIN_CALIBRATION_DAYS &&
    lengthInDays(split, h.asOf) - 1 >= MIN_HOLDOUT_DAYS;
  if (requested && fits(requested)) return { split: requested, holdoutDays: lengthInDays(requested, h.asOf) - 1 };
  const split = addDays(h.asOf, -defaultHoldoutDays(days));
  return fits(split) ? { split, holdoutDays: lengthInDays(split, h.asOf) - 1 } : null;
}

let runs = 0;
/** Prediction tables of earlier runs, oldest first; a customer list may still be reading the previous one. */
const kept: string[] = [];
const KEEP = 2;

/**
 * Predicted CLV for the request. Null when no customer bought in the analysed history (no
 * identified orders, or none passing the filters).
 */
export async function runClv(db: Database, req: ClvRequest): Promise<ClvResult | null> {
  checkClvRequest(req);
  const history = await resolveHistory(db, req.filters);
  if (!history) return null;
  const holdout = resolveSplit(history, req.split);
  const w: ClvWindow = { ...history, split: holdout?.split ?? null };
  const id = ++runs;
  const days = `kizuna_clv_days_${id}`;
  const summary = `kizuna_clv_summary_${id}`;
  try {
    await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(days)} AS ${clvDaysSql(req.filters, w)}`);
    await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(summary)} AS ${clvSummarySql(days, w)}`);
    const cols = await db.query(`SELECT * EXCLUDE (customer_id) FROM ${ident(summary)} ORDER BY rn`);
    if (cols.rowCount === 0) return null;
    const step = holdout ? trackingStep(holdout.holdoutDays) : 0;
    const steps = holdout ? toRows<HoldoutStep>(await db.query(holdoutStepsSql(days, holdout.split, step))) : [];
    await db.exec(`DROP TABLE IF EXISTS ${ident(days)}`);

    const full = fitClvModels(summaryColumns(cols, ''), req.timeUnit);
    const predictions = full.bgnbd ? predictCustomers(full, req) : null;
    const table = predictions ? await storePredictions(db, summary, predictions, id) : null;

    let check: HoldoutCheck = {
      split: null, holdoutDays: 0, length: 0, problem: 'too-short', fit: null, newCustomers: 0, bins: null, total: null,
      mae: null, tracking: [], purchaseError: null, revenue: null, revenueError: null
    };
    if (holdout) {
      const rows = calibrationRows(cols);
      const calibration = fitClvModels(summaryColumns(cols, 'cal_', rows), req.timeUnit);
      check = checkHoldout(calibration, {
        ...holdout,
        step,
        timeUnit: req.timeUnit,
        actualPurchases: pick(cols, 'hold_x', rows),
        actualValue: pick(cols, 'hold_value', rows),
        steps,
        newCustomers: cols.rowCount - rows.length
      });
    }
    return {
      from: history.from,
      asOf: history.asOf,
      timeUnit: req.timeUnit,
      horizonMonths: req.horizonMonths,
      annualDiscountRate: req.annualDiscountRate,
      purchaseDays: req.purchaseDays,
      fit: full.fit,
      predictions: predictions?.summary ?? null,
      holdout: check,
      table
    };
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(days)}; DROP TABLE IF EXISTS ${ident(summary)}`);
  }
}

/** Rows (positions) of customers who had bought by the split. */
function calibrationRows(cols: Columns): number[] {
  const x = cols.columns.cal_x;
  const out: number[] = [];
  for (let i = 0; i < cols.rowCount; i++) if (x[i] !== null) out.push(i);
  return out;
}

function pick(cols: Columns, name: string, rows?: number[]): Float64Array {
  const c: Cell[] = cols.columns[name];
  if (!c) throw new Error(`summary has no column ${name}`);
  return rows ? Float64Array.from(rows, (i) => Number(c[i])) : Float64Array.from(c, Number);
}

function summaryColumns(cols: Columns, prefix: '' | 'cal_', rows?: number[]): SummaryColumns {
  return Object.fromEntries(PERIOD_COLUMNS.map((k) => [k, pick(cols, prefix + k, rows)])) as unknown as SummaryColumns;
}

/** Shortest round-trip text of a finite number, '' for NaN/null (a CSV NULL). */
const csvNumber = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));

/**
 * The per-customer predictions as a temporary table (customer_id, clv, p_alive,
 * expected_purchases, expected_value), handed to DuckDB as CSV by summary row number.
 */
async function storePredictions(db: Database, summary: string, p: CustomerPredictions, id: number): Promise<string> {
  const table = `kizuna_clv_predictions_${id}`;
  const file = `kizuna_clv_${id}.csv`;
  const n = p.expectedPurchases.length;
  const lines = ['rn,clv,p_alive,expected_purchases,expected_value'];
  for (let i = 0; i < n; i++)
    lines.push(`${i + 1},${csvNumber(p.clv?.[i])},${csvNumber(p.pAlive[i])},${csvNumber(p.expectedPurchases[i])},${csvNumber(p.expectedValue?.[i])}`);
  await db.registerBuffer(file, new TextEncoder().encode(lines.join('\n') + '\n'));
  try {
    await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(table)} AS
      SELECT s.customer_id, c.clv, c.p_alive, c.expected_purchases, c.expected_value
      FROM ${ident(summary)} s JOIN read_csv(${lit(file)}, header = true, delim = ',', quote = '', escape = '',
        columns = {'rn': 'BIGINT', 'clv': 'DOUBLE', 'p_alive': 'DOUBLE', 'expected_purchases': 'DOUBLE', 'expected_value': 'DOUBLE'}) c
      USING (rn)`);
  } finally {
    await db.dropFile(file);
  }
  kept.push(table);
  while (kept.length > KEEP) await db.exec(`DROP TABLE IF EXISTS ${ident(kept.shift()!)}`);
  return table;
}
