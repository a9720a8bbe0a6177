/**
 * Confirmed file plans → the canonical tables `orders`, `order_facts` (one row per order),
 * `customers`, `responses`, `order_span` (the first and last day of identified orders: the
 * history analyses look at, known here without another pass) and the campaign files' tables
 * (`CAMPAIGN_TABLES`), with every row accounted for:
 * rows loaded + rows rejected = data rows in the file. Rejections and warnings (line, column,
 * reason, value) go to `load_issues` so the user can see and download them.
 */
import { forgetCached } from '../analyses/cache';
import { firstRow, readingFiles, toRows, type Database } from '../engine/types';
import { dateLit, ident, lit } from '../engine/sql';
import { WORK_DATABASE } from '../engine/setup';
import {
  DATE_RANGE, cleanText, isEraSpelling, isReturnStatus, emailKey, keepText, namePhoneKey, parseNumber, parseTimeOfDay, parseTimestamp
} from './normalize';
import { asPointDecimals } from './decimal';
import type { ColumnPlan, FileKind, FilePlan, Role } from './types';
import { headerTokens } from './roles';

export type IssueReason =
  | 'reader' | 'empty' | 'invalid_date' | 'invalid_era_date' | 'implausible_date' | 'invalid_number' | 'score_out_of_range' | 'end_before_start';

export interface FileLoadReport {
  fileName: string;
  kind: FileKind;
  dataRows: number;
  loaded: number;
  rejected: number;
  warnings: number;
  /** Lines above the header that were not read as data (title lines). */
  skippedLines: number;
  /**
   * Rejected rows that run over several lines of the file (`rows` of them, the first on `line`):
   * mostly a quote never closed, after which the lines were read as one value and are not rows
   * of their own, so no count shows them. Absent when there are none (and in reports saved before).
   */
  spanning?: { rows: number; line: number };
}

export interface OrdersQuality {
  rows: number;
  orders: number;
  customers: number;
  revenue: number;
  withoutCustomer: { rows: number; amount: number };
  returns: { rows: number; amount: number };
  /** Status values that were read as cancellations or returns, with their row counts. */
  returnStatuses: { value: string; rows: number }[];
  multiLineOrders: number;
  conflictingOrderIds: number;
  /**
   * Orders whose lines all repeat one amount, when every multi-line order does: the amount is
   * the order's total written on each line (EC-CUBE's order-detail export), counted once per
   * order. 0 when amounts are per line.
   */
  repeatedTotals: number;
  duplicateRows: number;
  futureRows: number;
  firstDate: number | null;
  lastDate: number | null;
}

export interface LoadReport {
  files: FileLoadReport[];
  orders: OrdersQuality | null;
  customers: { rows: number; members: number | null } | null;
  responses: { rows: number } | null;
  issueCount: number;
  /** Which optional columns exist, so pages can explain what is missing. */
  columns: Record<string, boolean>;
  /** The first and last day of all orders (YYYY-MM-DD, null without orders) and their channels. */
  span: { first: string | null; last: string | null; channels: string[] };
}

export interface LoadOptions {
  /** Today as YYYY-MM-DD in the user's time zone, for the future-date check. */
  today: string;
  onFile?: (fileName: string, index: number) => void;
}

/**
 * The `read_csv` call for a plan; the preview and the load must read a file the same way.
 * With the columns given, DuckDB's own dialect sniffer is off: it refuses the whole file when a
 * single quote is malformed anywhere in its sample, and it may decide on its own to skip
 * leading lines or treat `#` lines as comments, which would drop rows without a word. Every
 * record then either loads or lands in the rejects table with its line number.
 */
export function readCsv(
  plan: Pick<FilePlan, 'path' | 'delimiter' | 'hasHeader' | 'skipLines'> & { columns?: readonly Pick<ColumnPlan, 'source'>[] },
  extra = ''
): string {
  const shape = plan.columns?.length
    ? `auto_detect=false, columns={${plan.columns.map((c) => `${lit(c.source)}: 'VARCHAR'`).join(', ')}}`
    : 'all_varchar=true, auto_detect=true';
  const skip = plan.skipLines ? `skip=${plan.skipLines}, ` : '';
  return `read_csv(${lit(plan.path)}, delim=${lit(plan.delimiter)}, quote='"', escape='"', header=${plan.hasHeader}, ${skip}${shape}${extra ? ', ' + extra : ''})`;
}

const ORDER_TEXT: Role[] = ['channel', 'store', 'category', 'coupon', 'status'];
const CUSTOMER_TEXT: Role[] = ['tier', 'acquisition_source', 'region', 'gender', 'age_band'];
const CUSTOMER_DATES: Role[] = ['signup_date', 'member_since', 'birthday'];
const CAMPAIGN_DATES: Role[] = ['start_date', 'end_date', 'redemption_date'];

/**
 * Each campaign file kind's table and what its columns are made of (typed columns by `column`):
 * `campaigns` (campaign, type, start_date, end_date), `campaign_targets` (campaign, customer_id,
 * d: the day it was sent, if known) and `redemptions` (customer_id, campaign, coupon, d). A
 * targeting file that names coupons only targets them as campaigns of their own.
 */
const CAMPAIGN_TABLES: Partial<Record<FileKind, { table: string; values: (column: (name: string) => string) => string[] }>> = {
  campaigns: { table: 'campaigns', values: (c) => [c('campaign'), c('campaign_type'), c('start_date'), c('end_date')] },
  campaign_targets: { table: 'campaign_targets', values: (c) => [`coalesce(${c('campaign')}, ${c('coupon')})`, c('customer_id'), c('start_date')] },
  redemptions: { table: 'redemptions', values: (c) => [c('customer_id'), c('campaign'), c('coupon'), c('redemption_date')] }
};

interface Check {
  /** The typed column in `_typed`. */
  column: string;
  /** The source column name (for messages and the raw value). */
  source: string;
  /** A SQL condition on `_typed`/`_raw` that yields a reason code, or NULL. */
  reason: string;
}

function columnOf(plan: FilePlan, role: Role): string | null {
  return plan.columns.find((c) => c.role === role)?.source ?? null;
}

/** A source column as read from the file (inside the typed select). */
function raw(col: string): string {
  return `_raw.${ident(col)}`;
}

/** The copy of a source column kept in `_typed` for checks and issue messages. */
function kept(col: string): string {
  return ident('_v_' + col);
}

function identityExpr(plan: FilePlan): string | null {
  const id = columnOf(plan, 'customer_id');
  const email = columnOf(plan, 'email');
  const name = columnOf(plan, 'name');
  const phone = columnOf(plan, 'phone');
  if (plan.identity === 'email' && email) return emailKey(raw(email));
  if (plan.identity === 'name_phone' && name && phone) return namePhoneKey(raw(name), raw(phone));
  return id ? cleanText(raw(id)) : null;
}

function emptyRaw(col: string): string {
  return `${cleanText(kept(col))} IS NULL`;
}

/**
 * A file's survey answers: the typed column that dates them and the checks an answer row must
 * pass besides the row's own (none in a survey file, where a bad answer rejects its row).
 */
interface Answers {
  date: 'response_date' | 'order_date';
  checks: Check[];
}

/** Build the typed select list and the checks for one file. */
function typedSelect(plan: FilePlan, fileIndex: number): { select: string[]; rejects: Check[]; warnings: Check[]; answers: Answers | null; windowed: boolean } {
  // One decimal mark for all of a file's numbers: with a comma, the marks are swapped for the point reader.
  const num = (x: string) => parseNumber(plan.decimalMark === ',' ? asPointDecimals(x) : x);
  const select: string[] = [];
  const rejects: Check[] = [];
  const warnings: Check[] = [];
  const col = (r: Role) => columnOf(plan, r);
  // Order-level fields on an order's first line only (Shopify): its other lines take them from
  // there (the order's only non-empty value), and their blank amount counts as 0, so the order's
  // total is counted once. Rows without an order id are orders of their own, filled from nothing.
  const orderKey = plan.kind === 'orders' && plan.orderLevelOnFirstLine && col('order_id') ? cleanText(raw(col('order_id')!)) : null;
  const byOrder = (agg: string) => `${agg} OVER (PARTITION BY ${orderKey})`;
  const fill = (expr: string) => (orderKey ? `CASE WHEN ${orderKey} IS NULL THEN ${expr} ELSE coalesce(${expr}, ${byOrder(`max(${expr})`)}) END` : expr);
  const id = identityExpr(plan);
  select.push(`${id ? fill(id) : 'NULL::VARCHAR'} AS customer_id`);

  // Every check looks at the typed value first: the raw text is only cleaned again (to tell an
  // empty cell from an unreadable one) for the few rows whose value did not parse.
  const implausible = (typed: string) => `${typed} < ${DATE_RANGE.min} OR ${typed} >= ${DATE_RANGE.max}`;
  // An era date that did not parse is named as such: the user sees why 平成32年 or 令和元年4月1日 is refused.
  const notDate = (source: string) => `CASE WHEN ${isEraSpelling(cleanText(kept(source)))} THEN 'invalid_era_date' ELSE 'invalid_date' END`;
  const dateCheck = (typed: string, source: string) =>
    `CASE WHEN ${typed} IS NOT NULL THEN CASE WHEN ${implausible(typed)} THEN 'implausible_date' END WHEN ${emptyRaw(source)} THEN 'empty' ELSE ${notDate(source)} END`;
  const numberWarn = (typed: string, source: string) =>
    `CASE WHEN ${typed} IS NULL AND NOT ${emptyRaw(source)} THEN 'invalid_number' END`;
  // `also`: more WHEN … THEN reasons for a plausible date.
  const dateWarn = (typed: string, source: string, also = '') =>
    `CASE WHEN ${typed} IS NOT NULL THEN CASE WHEN ${implausible(typed)} THEN 'implausible_date' ${also} END WHEN NOT ${emptyRaw(source)} THEN ${notDate(source)} END`;
  const identityCheck = (): Check => ({
    column: 'customer_id', source: columnOf(plan, 'customer_id') ?? columnOf(plan, 'email') ?? columnOf(plan, 'name')!, reason: `CASE WHEN customer_id IS NULL THEN 'empty' END`
  });

  if (plan.kind === 'orders') {
    const date = col('order_date')!;
    const time = col('order_time');
    const ts = parseTimestamp(raw(date), plan.dateOrder);
    // A separate time column completes a date; a date column that already has a time keeps it.
    const dated = time
      ? `${ts} + CASE WHEN ${ts} = date_trunc('day', ${ts}) THEN coalesce(${parseTimeOfDay(raw(time))}, INTERVAL 0 SECOND) ELSE INTERVAL 0 SECOND END`
      : ts;
    select.push(`${fill(dated)} AS order_date`);
    rejects.push({ column: 'order_date', source: date, reason: dateCheck('order_date', date) });
    if (time) warnings.push({ column: 'order_time', source: time, reason: `CASE WHEN NOT ${emptyRaw(time)} AND ${parseTimeOfDay(kept(time))} IS NULL THEN 'invalid_date' END` });

    const amount = col('amount');
    const price = col('unit_price');
    const qty = col('quantity');
    const lineAmount = (a: string) =>
      orderKey
        ? `CASE WHEN ${cleanText(raw(a))} IS NULL AND ${orderKey} IS NOT NULL AND ${byOrder(`count(${num(raw(a))})`)} > 0 THEN 0 ELSE ${num(raw(a))} END`
        : num(raw(a));
    const gross = amount
      ? lineAmount(amount)
      : qty
        ? `${num(raw(price!))} * ${num(raw(qty))}`
        : num(raw(price!));
    select.push(`${gross} AS gross`);
    const moneyCheck = (source: string, typed: string) =>
      rejects.push({ column: 'amount', source, reason: `CASE WHEN ${typed} IS NOT NULL THEN NULL WHEN ${emptyRaw(source)} THEN 'empty' ELSE 'invalid_number' END` });
    if (amount) moneyCheck(amount, 'gross');
    else {
      moneyCheck(price!, num(kept(price!)));
      if (qty) moneyCheck(qty, num(kept(qty)));
    }
    const refund = col('refund');
    select.push(`${refund ? num(raw(refund)) : 'NULL::DOUBLE'} AS refund`);
    if (refund) warnings.push({ column: 'refund', source: refund, reason: numberWarn('refund', refund) });
    for (const r of ['quantity', 'points_earned', 'points_used'] as const) {
      const c = col(r);
      select.push(`${c ? num(raw(c)) : 'NULL::DOUBLE'} AS ${r}`);
      if (c && !(r === 'quantity' && !amount)) warnings.push({ column: r, source: c, reason: numberWarn(r, c) });
    }
    const orderId = col('order_id');
    // Without an order id every row is an order; the `orders` view numbers them by row.
    select.push(`${orderId ? cleanText(raw(orderId)) : 'NULL::VARCHAR'} AS order_id`);
    for (const r of ORDER_TEXT) {
      const c = col(r);
      // A line's category is its own; the rest describe the order.
      select.push(`${c ? (r === 'category' ? keepText(raw(c)) : fill(keepText(raw(c)))) : 'NULL::VARCHAR'} AS ${r}`);
    }
  }

  if (plan.kind === 'customers' || plan.kind === 'orders') {
    if (plan.kind === 'customers') rejects.push(identityCheck());
    for (const r of CUSTOMER_DATES) {
      const c = col(r);
      select.push(`${c ? `CAST(${parseTimestamp(raw(c), plan.dateOrder)} AS DATE)` : 'NULL::DATE'} AS ${r}`);
      if (c) warnings.push({ column: r, source: c, reason: dateWarn(r, c) });
    }
    for (const r of [...CUSTOMER_TEXT, 'referred_by' as Role]) {
      const c = col(r);
      select.push(`${c ? (r === 'referred_by' ? cleanText(raw(c)) : keepText(raw(c))) : 'NULL::VARCHAR'} AS ${r}`);
    }
  }

  // Campaign files: a row needs its campaign (or coupon), and its customer where it names one;
  // a description needs its start, a redemption its day. A send date can be missing or unreadable
  // (a warning: the row loads without it); an end before the start is refused.
  if (plan.kind in CAMPAIGN_TABLES) {
    for (const r of ['campaign', 'coupon', 'campaign_type'] as const) {
      const c = col(r);
      select.push(`${c ? keepText(raw(c)) : 'NULL::VARCHAR'} AS ${r}`);
    }
    for (const r of CAMPAIGN_DATES) {
      const c = col(r);
      select.push(`${c ? `CAST(${parseTimestamp(raw(c), plan.dateOrder)} AS DATE)` : 'NULL::DATE'} AS ${r}`);
    }
    const keys = (['campaign', 'coupon'] as const).filter((r) => col(r));
    if (plan.kind !== 'campaigns') rejects.push(identityCheck());
    rejects.push({ column: 'campaign', source: col(keys[0])!, reason: `CASE WHEN coalesce(${keys.join(', ')}) IS NULL THEN 'empty' END` });
    const [start, end, redeemed] = CAMPAIGN_DATES.map(col);
    if (plan.kind === 'campaigns') {
      rejects.push({ column: 'start_date', source: start!, reason: dateCheck('start_date', start!) });
      if (end) rejects.push({ column: 'end_date', source: end, reason: dateWarn('end_date', end, `WHEN end_date < start_date THEN 'end_before_start'`) });
    } else if (plan.kind === 'redemptions') {
      rejects.push({ column: 'redemption_date', source: redeemed!, reason: dateCheck('redemption_date', redeemed!) });
    } else if (start) {
      warnings.push({ column: 'start_date', source: start, reason: dateWarn('start_date', start) });
    }
  }

  // Answers. In a survey file a row is an answer: a bad score or date rejects it. In an orders or
  // customers file the row is an order or a customer first: a bad score (or the date of a good
  // one) is a warning, the row loads without an answer, and an empty score is no answer at all
  // (not every order is rated). An order's answer is dated by the order unless a column says.
  const score = col('score');
  const answered = col('response_date');
  const answerDate = answered ? 'response_date' : plan.kind === 'orders' ? 'order_date' : null;
  let answers: Answers | null = null;
  if (score && answerDate) {
    if (answered) select.push(`${parseTimestamp(raw(answered), plan.dateOrder)} AS response_date`);
    select.push(`${num(raw(score))} AS score`);
    for (const r of ['comment', 'touchpoint'] as const) {
      const c = col(r);
      select.push(`${c ? keepText(raw(c)) : 'NULL::VARCHAR'} AS ${r}`);
    }
    const [lo, hi] = plan.scoreScale.split('-').map(Number);
    const offScale = `score < ${lo} OR score > ${hi} OR score <> round(score)`;
    const scoreReason = (empty: string) =>
      `CASE WHEN score IS NOT NULL THEN CASE WHEN ${offScale} THEN 'score_out_of_range' END WHEN ${emptyRaw(score)} THEN ${empty} ELSE 'invalid_number' END`;
    if (plan.kind === 'responses') {
      rejects.push({ column: 'response_date', source: answered!, reason: dateCheck('response_date', answered!) });
      rejects.push({ column: 'score', source: score, reason: scoreReason(`'empty'`) });
      answers = { date: 'response_date', checks: [] };
    } else {
      const checks: Check[] = [{ column: 'score', source: score, reason: scoreReason('NULL') }];
      if (answered) checks.push({ column: 'response_date', source: answered, reason: `CASE WHEN score IS NOT NULL AND NOT (${offScale}) THEN ${dateCheck('response_date', answered)} END` });
      warnings.push(...checks);
      answers = { date: answerDate, checks };
    }
  }
  return { select, rejects, warnings, answers, windowed: orderKey !== null };
}

const CANONICAL = `
CREATE OR REPLACE TABLE _customers (customer_id VARCHAR, signup_date DATE, member_since DATE, tier VARCHAR,
  birthday DATE, acquisition_source VARCHAR, referred_by VARCHAR, region VARCHAR, gender VARCHAR, age_band VARCHAR,
  _seq BIGINT);
CREATE OR REPLACE TABLE responses (customer_id VARCHAR, response_date TIMESTAMP, score DOUBLE, scale VARCHAR,
  comment VARCHAR, touchpoint VARCHAR, source_file VARCHAR);
CREATE OR REPLACE TABLE campaigns (campaign VARCHAR, type VARCHAR, start_date DATE, end_date DATE, source_file VARCHAR);
CREATE OR REPLACE TABLE campaign_targets (campaign VARCHAR, customer_id VARCHAR, d DATE, source_file VARCHAR);
CREATE OR REPLACE TABLE redemptions (customer_id VARCHAR, campaign VARCHAR, coupon VARCHAR, d DATE, source_file VARCHAR);
CREATE OR REPLACE TABLE load_issues (file VARCHAR, line BIGINT, "column" VARCHAR, reason VARCHAR, value VARCHAR,
  severity VARCHAR, detail VARCHAR);
`;

/**
 * Rejected lines as steps for an ASOF join: `k` is how many lines before rejected line `line`
 * were not rejected (header included), `n` how many rejected lines have that `k` or a smaller one.
 * An accepted row that is the p-th non-rejected line (header = 1) is on line p + n of the largest
 * k below p. A join instead of a per-row subquery: a file with many bad rows stays fast.
 */
const REJECT_STEPS = `CREATE OR REPLACE TEMP TABLE _rejk AS
  SELECT k, max(i) AS n FROM (SELECT line - row_number() OVER (ORDER BY line) AS k, row_number() OVER (ORDER BY line) AS i
    FROM (SELECT DISTINCT line FROM _rej)) GROUP BY k`;

/**
 * `orders` is a view over each orders file's typed table (accepted rows only), so loading never
 * copies a million rows a second time. Its `tier` is the tier an orders file gives on the order
 * (the customer's tier when they ordered), which tier movement reads; `customers.tier` keeps the latest. A row's number in its file's accepted rows is its rowid + 1.
 */
function ordersView(typedTables: TypedTable[]): string {
  if (typedTables.length === 0) {
    return `CREATE OR REPLACE VIEW orders AS SELECT NULL::VARCHAR AS customer_id, NULL::VARCHAR AS order_id,
      NULL::TIMESTAMP AS order_date, NULL::DOUBLE AS amount, NULL::DOUBLE AS returned_amount, NULL::BOOLEAN AS is_return,
      NULL::DOUBLE AS quantity, NULL::VARCHAR AS channel, NULL::VARCHAR AS store, NULL::VARCHAR AS category,
      NULL::VARCHAR AS coupon, NULL::DOUBLE AS points_earned, NULL::DOUBLE AS points_used, NULL::VARCHAR AS status,
      NULL::VARCHAR AS tier, NULL::VARCHAR AS source_file, NULL::BIGINT AS source_row WHERE false`;
  }
  const parts = typedTables.map(({ table, fileIndex, column: c }) => {
    const list = (names: string[]) => names.map((n) => `${c(n)} AS ${n}`).join(', ');
    return `SELECT ${list(['customer_id'])}, coalesce(${c('order_id')}, '#${fileIndex}-' || (rowid + 1)) AS order_id, order_date,
      ${c('_amount')} AS amount, ${c('_returned')} AS returned_amount, ${c('_is_return')} AS is_return,
      ${list(['quantity', 'channel', 'store', 'category', 'coupon', 'points_earned', 'points_used', 'status', 'tier'])},
      ${c('_file')} AS source_file, rowid + 1 AS source_row FROM ${table} WHERE NOT _bad`;
  });
  return `CREATE OR REPLACE VIEW orders AS ${parts.join(' UNION ALL ')}`;
}

/** The name a typed column gets in `typedSelect` ("expr AS name"). */
function outputName(selectItem: string): string {
  return selectItem.slice(selectItem.lastIndexOf(' AS ') + 4);
}

/**
 * An orders file's typed table; `column` gives a canonical column: stored, computed from stored
 * ones, or its typed NULL when the file has none.
 */
interface TypedTable {
  table: string;
  fileIndex: number;
  column: (name: string) => string;
}

async function loadFile(db: Database, plan: FilePlan, fileIndex: number, seqBase: number): Promise<FileLoadReport & { typed: TypedTable | null }> {
  // DuckDB numbers lines from the top of the file, title lines included.
  const header = (plan.hasHeader ? 1 : 0) + (plan.skipLines ?? 0);
  const typedAll = typedSelect(plan, fileIndex);
  const { rejects, warnings, answers, windowed } = typedAll;
  // Columns the file has no source for are not stored (a million NULLs each still cost a write):
  // readers get their typed NULL from `column` instead.
  const absent = new Map(typedAll.select.filter((s) => s.startsWith('NULL::')).map((s) => [outputName(s), s.slice(0, s.indexOf(' AS '))]));
  const select = typedAll.select.filter((s) => !absent.has(outputName(s)));
  const checks = [...rejects, ...warnings];
  const sources = [...new Set(checks.map((c) => c.source))];
  const bad = rejects.length ? rejects.map((_, i) => `_c${i} IS NOT NULL`).join(' OR ') : 'false';
  const file = lit(plan.fileName);
  // Orders: what a row is worth and whether it is a return. With a status or refund column that
  // takes a pattern match per row, decided once here; otherwise it is plain arithmetic on
  // `gross`, cheaper to compute as `orders` is read than to store (as is the file's name).
  const hasStatus = columnOf(plan, 'status') !== null;
  const refund = absent.has('refund') ? '0' : 'coalesce(refund, 0)';
  const status = hasStatus ? `coalesce(${isReturnStatus('status')}, false)` : 'false';
  const values = new Map(plan.kind === 'orders' ? [
    ['_amount', `CASE WHEN ${status} THEN 0 ELSE gross - ${refund} END`],
    ['_returned', `CASE WHEN ${status} THEN abs(gross) WHEN gross < 0 THEN -gross ELSE ${refund} END`],
    ['_is_return', `(${status} OR gross - ${refund} < 0)`]
  ] : []);
  const stored = hasStatus || !absent.has('refund');
  const inline = new Map([['_file', file], ...(stored ? [] : values)]);
  const orderValues = stored ? [...values].map(([name, expr]) => `, ${expr} AS ${name}`).join('') : '';
  const column = (name: string) => absent.get(name) ?? inline.get(name) ?? name;
  // A source value is kept only where one of its checks fired: for the issue list, not for every row.
  const keptOnFailure = sources.map((src) => {
    const fired = checks.flatMap((c, i) => (c.source === src ? [`_c${i} IS NOT NULL`] : [])).join(' OR ');
    return `CASE WHEN ${fired} THEN ${kept(src)} END AS ${kept(src)}`;
  });
  // An orders file's typed table outlives the load (`orders` reads it) and every connection reads it: in the work database (engine/setup.ts).
  const table = plan.kind === 'orders' ? `${ident(WORK_DATABASE)}.main._typed_${fileIndex}` : '_typed';
  const source = readCsv(plan, "store_rejects=true, rejects_table='_rej', rejects_scan='_rejscan'");
  // Windows over orders reorder rows: the file's order is restored (rowid + 1 numbers the rows).
  // One pass over the file: read, type, and check. The reader's structural rejects go to _rej.
  // DuckDB appends to an existing rejects table, so the previous file's rejects are dropped first.
  // Rows keep the file's order (insertion order is preserved), so rowid + 1 numbers accepted rows.
  await db.exec('DROP TABLE IF EXISTS _rej; DROP TABLE IF EXISTS _rejscan;');
  await readingFiles(db, () => db.exec(`CREATE OR REPLACE ${plan.kind === 'orders' ? '' : 'TEMP '}TABLE ${table} AS
    SELECT ${[...select.map(outputName), ...checks.map((_, i) => `_c${i}`), ...keptOnFailure].join(', ')}, ${bad} AS _bad ${orderValues}
    FROM (
      SELECT *, ${checks.map((c, i) => `${c.reason} AS _c${i}`).join(', ') || 'NULL AS _c'} FROM (
        SELECT ${[...select, ...sources.map((c) => `${raw(c)} AS ${kept(c)}`), ...(windowed ? ['_raw._rn AS _rn'] : [])].join(',\n  ')}
        FROM ${windowed ? `(SELECT *, row_number() OVER () AS _rn FROM ${source})` : source} AS _raw))${windowed ? ' ORDER BY _rn' : ''}`));

  // One pass counts rows, rejections and each check's hits; only checks that hit need a pass of their own.
  const counts = firstRow<Record<string, number>>(
    await db.query(`SELECT count(*) AS total, count(*) FILTER (WHERE _bad) AS bad${checks.map((_, i) => `, count(_c${i}) AS n${i}`).join('')} FROM ${table}`)
  );
  const reader = firstRow<{ n: number }>(await db.query('SELECT count(DISTINCT line) AS n FROM _rej')).n;
  // Lines the reader rejected shift the line numbers of the rows after them (none: nothing to join).
  if (reader > 0) await db.exec(REJECT_STEPS);
  const line = reader > 0 ? '_p + coalesce(_rejk.n, 0)' : '_p';
  const shift = reader > 0 ? 'ASOF LEFT JOIN _rejk ON t._p > _rejk.k' : '';
  for (const [i, c] of checks.entries()) {
    if (counts[`n${i}`] === 0) continue;
    const severity = i < rejects.length ? 'rejected' : 'warning';
    await db.exec(`INSERT INTO load_issues SELECT ${file}, ${line}, ${lit(c.source)}, _c${i}, ${kept(c.source)}, '${severity}', NULL
      FROM (SELECT *, rowid + 1 + ${header} AS _p FROM ${table} WHERE _c${i} IS NOT NULL) AS t ${shift}`);
  }
  // One issue per rejected line, as one row is one rejection: DuckDB logs a short row once per
  // missing column, and can log the same error twice. The first error of the line names it; its
  // text is shown without the line breaks that precede it.
  if (reader > 0) {
    await db.exec(`INSERT INTO load_issues SELECT ${file}, line, column_name, 'reader',
        trim(csv_line, chr(13) || chr(10)), 'rejected', error_type || ': ' || error_message
      FROM (SELECT DISTINCT ON (line) * FROM _rej ORDER BY line, column_idx NULLS FIRST, byte_position);
      DROP TABLE _rejk`);
  }

  const spanning = await spanningRows(db, plan.fileName);

  const ok = `FROM ${table} WHERE NOT _bad`;
  const customerRoles: Role[] = [...CUSTOMER_DATES, ...CUSTOMER_TEXT, 'referred_by'];
  if (plan.kind === 'customers' || (plan.kind === 'orders' && plan.columns.some((c) => customerRoles.includes(c.role)))) {
    const list = ['customer_id', 'signup_date', 'member_since', 'tier', 'birthday', 'acquisition_source', 'referred_by', 'region', 'gender', 'age_band'];
    await db.exec(`INSERT INTO _customers SELECT ${list.map(column).join(', ')}, ${seqBase} + rowid + 1 ${ok} AND ${column('customer_id')} IS NOT NULL`);
  }
  const campaignTable = CAMPAIGN_TABLES[plan.kind];
  if (campaignTable) await db.exec(`INSERT INTO ${campaignTable.table} SELECT ${campaignTable.values(column).join(', ')}, ${file} ${ok}`);
  if (answers) {
    const passed = answers.checks.map((c) => ` AND _c${checks.indexOf(c)} IS NULL`).join('');
    await db.exec(`INSERT INTO responses SELECT ${column('customer_id')}, ${answers.date}, score, ${lit(plan.scoreScale)}, ${column('comment')}, ${column('touchpoint')}, ${file}
      ${ok} AND score IS NOT NULL${passed}`);
  }
  const warned = warnings.reduce((sum, _, k) => sum + counts[`n${rejects.length + k}`], 0);
  if (plan.kind !== 'orders') await db.exec('DROP TABLE _typed');
  return {
    fileName: plan.fileName,
    kind: plan.kind,
    dataRows: counts.total + reader,
    loaded: counts.total - counts.bad,
    rejected: counts.bad + reader,
    warnings: warned,
    skippedLines: plan.skipLines ?? 0,
    ...(spanning ? { spanning } : {}),
    typed: plan.kind === 'orders' ? { table, fileIndex, column } : null
  };
}

/**
 * How many of a file's rejected rows hold line breaks (CRLF, LF or CR) in their text, and the
 * first one's line: the record the reader saw, or the value that failed (an amount or a date
 * never holds one). How many lines each covers is not known: DuckDB keeps only the first
 * kilobytes of a rejected record's text.
 */
async function spanningRows(db: Database, fileName: string): Promise<FileLoadReport['spanning'] | null> {
  const r = firstRow<{ rows: number; line: number | null }>(
    await db.query(`SELECT count(DISTINCT line) AS rows, min(line) AS line FROM load_issues
      WHERE file = ${lit(fileName)} AND severity = 'rejected' AND (strpos(value, chr(10)) > 0 OR strpos(value, chr(13)) > 0)`)
  );
  return r.rows > 0 && r.line !== null ? { rows: r.rows, line: r.line } : null;
}

/** Which optional columns any loaded file provided. */
function presentColumns(plans: FilePlan[]): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const p of plans) for (const c of p.columns) if (c.role !== 'ignore') out[c.role] = true;
  return out;
}

/** What one scan over the order lines tells: counts and sums, whether order ids can repeat, and the span if they cannot. */
type LineFigures = Omit<OrdersQuality, 'orders' | 'customers' | 'withoutCustomer' | 'returns' | 'returnStatuses' | 'duplicateRows' | keyof OrderIdCounts> &
  Record<'purchase_rows' | 'no_id_rows' | 'no_id_amount' | 'return_rows' | 'return_amount', number> &
  SpanRow & { idsUnique: boolean };

/** `spanAggregates` as a row. */
type SpanRow = Record<'first' | 'last' | 'identified_first' | 'identified_last' | 'channels', string | null>;

/**
 * The orders' calendar span and channels, over rows that are one per order with a date or
 * timestamp `d` (the day of the earliest timestamp is the earliest day): the dataset's span
 * (every order) and channels for the header and the filters, and the span of identified
 * orders, which is the history the analyses look at.
 */
function spanAggregates(d: string): string {
  const day = (agg: string) => `strftime(${agg}, '%Y-%m-%d')`;
  const identified = 'FILTER (WHERE customer_id IS NOT NULL)';
  return `${day(`min(${d})`)} AS first, ${day(`max(${d})`)} AS last,
    ${day(`min(${d}) ${identified}`)} AS identified_first, ${day(`max(${d}) ${identified}`)} AS identified_last,
    string_agg(DISTINCT channel, '\u001f' ORDER BY channel) AS channels`;
}

/**
 * One pass over `orders` for the quality report, for `buildOrderFacts` and, when every line is
 * an order, for the span. Ids that only rise (or only fall) from one line to the next cannot
 * repeat, and exports mostly list orders by number: a comparison with the previous line settles
 * it. Otherwise the ids' distinct 64-bit hashes are counted: as many as rows proves that no id
 * repeats (equal ids have equal hashes), at a fraction of the cost of grouping a million strings.
 */
async function lineFigures(db: Database, today: string): Promise<LineFigures> {
  const lines = firstRow<Omit<LineFigures, 'idsUnique'> & { monotone: boolean | null }>(
    await db.query(`SELECT count(*) AS rows,
      bool_and(order_id > _previous) OR bool_and(order_id < _previous) AS monotone,
      count(*) FILTER (WHERE NOT is_return) AS purchase_rows,
      coalesce(sum(amount), 0) AS revenue,
      count(*) FILTER (WHERE customer_id IS NULL) AS no_id_rows,
      coalesce(sum(amount) FILTER (WHERE customer_id IS NULL), 0) AS no_id_amount,
      count(*) FILTER (WHERE is_return) AS return_rows,
      coalesce(sum(returned_amount), 0) AS return_amount,
      count(*) FILTER (WHERE order_date >= ${dateLit(today)} + INTERVAL 1 DAY) AS futureRows,
      epoch_ms(min(order_date)) AS firstDate, epoch_ms(max(order_date)) AS lastDate,
      ${spanAggregates('order_date')}
      FROM (SELECT *, lag(order_id) OVER () AS _previous FROM orders)`)
  );
  const { monotone, ...figures } = lines;
  const idsUnique =
    lines.rows <= 1 || monotone === true ||
    firstRow<{ ids: number }>(await db.query('SELECT count(DISTINCT hash(order_id)) AS ids FROM orders')).ids === lines.rows;
  return { ...figures, idsUnique };
}

/**
 * The quality report from the line figures. With unique order ids an order is a line, so orders
 * and repeated rows need no second pass; `orderCustomers` is the number of customers with orders
 * when the caller knows it (no customer file: every customer in `customers` ordered).
 */
async function ordersQuality(db: Database, lines: LineFigures, ids: OrderIdCounts, orderCustomers: number | null): Promise<OrdersQuality> {
  const unique = lines.idsUnique;
  // Rows that repeat share their order id, so unique ids mean no repeated rows. Otherwise a
  // 64-bit hash per row stands in for the row: far cheaper than DISTINCT over ten columns.
  const scan = !unique || orderCustomers === null
    ? firstRow<{ customers: number; duplicateRows: number }>(
        await db.query(`SELECT ${orderCustomers ?? 'count(DISTINCT customer_id)'} AS customers,
          ${unique ? '0' : 'count(*) - count(DISTINCT hash(customer_id, order_id, order_date, amount, quantity, channel, store, category, coupon, status))'} AS duplicateRows
          FROM orders`)
      )
    : { customers: orderCustomers, duplicateRows: 0 };
  // With order totals repeated on every line, the money figures are the orders', not the lines'.
  const totals = ids.repeatedTotals > 0;
  const facts = unique
    ? { orders: lines.purchase_rows, revenue: lines.revenue, no_id_amount: lines.no_id_amount, return_amount: lines.return_amount }
    : firstRow<{ orders: number; revenue: number; no_id_amount: number; return_amount: number }>(
        await db.query(`SELECT count(*) FILTER (WHERE NOT is_return) AS orders,
          ${totals ? 'coalesce(sum(amount), 0)' : lines.revenue} AS revenue,
          ${totals ? 'coalesce(sum(amount) FILTER (WHERE customer_id IS NULL), 0)' : lines.no_id_amount} AS no_id_amount,
          ${totals ? '(SELECT coalesce(sum(r), 0) FROM (SELECT max(returned_amount) AS r FROM orders GROUP BY customer_id, order_id))' : lines.return_amount} AS return_amount
          FROM order_facts`)
      );
  const statuses = toRows<{ value: string; rows: number }>(
    await db.query(`SELECT status AS value, count(*) AS rows FROM orders WHERE status IS NOT NULL AND ${isReturnStatus('status')} GROUP BY 1 ORDER BY 2 DESC`)
  );
  return {
    rows: lines.rows,
    orders: facts.orders,
    customers: scan.customers,
    revenue: facts.revenue,
    withoutCustomer: { rows: lines.no_id_rows, amount: facts.no_id_amount },
    returns: { rows: lines.return_rows, amount: facts.return_amount },
    returnStatuses: statuses,
    ...ids,
    duplicateRows: scan.duplicateRows,
    futureRows: lines.futureRows,
    firstDate: lines.firstDate,
    lastDate: lines.lastDate
  };
}

type OrderIdCounts = Pick<OrdersQuality, 'multiLineOrders' | 'conflictingOrderIds' | 'repeatedTotals'>;

/** Fewer multi-line orders than this are too few to tell order totals from equal line amounts… */
const MIN_REPEATED_TOTALS = 5;
/** …unless the amount's header names an order's total (合計金額, お支払い金額, Total), not a line's. */
const TOTAL_WORDS = ['total', 'grand', '合計', '総額', '請求', '支払', '支払い', 'お支払い'];
const LINE_WORDS = ['line', 'item', 'lineitem', 'product', 'unit', '明細', '商品', '単価'];

function namesOrderTotal(header: string): boolean {
  const words = headerTokens(header);
  return words.some((w) => TOTAL_WORDS.includes(w)) && !words.some((w) => LINE_WORDS.includes(w));
}

/**
 * One row per order (`orders` holds lines): what customer-level analyses count, so they never
 * need COUNT(DISTINCT order_id). An order is a purchase when any of its lines is not a return;
 * its date is its first line's; channel is its first line's channel. Membership is the
 * customer's, copied here for filtering. When every order has one line (`idsUnique`, from
 * `lineFigures`) there is nothing to group; only otherwise are the ids grouped exactly.
 * An order's amount is the sum of its lines' — unless every one of at least
 * MIN_REPEATED_TOTALS multi-line orders (one, when the amount's header names an order total:
 * `totalsNamed`) repeats a single amount on all its lines: then the column holds order totals (an
 * order-detail export) and each order counts its total once.
 *
 * `order_facts` is always a view: over the accepted rows as they are when there is nothing to
 * group or join (nothing to build, nothing in memory, and it scans as fast as a copy would),
 * else over the table `_order_facts`.
 */
async function buildOrderFacts(db: Database, memberKnown: boolean, idsUnique: boolean, totalsNamed: boolean): Promise<OrderIdCounts> {
  let ids: OrderIdCounts = { multiLineOrders: 0, conflictingOrderIds: 0, repeatedTotals: 0 };
  if (!idsUnique) {
    const counts = firstRow<Omit<OrderIdCounts, 'repeatedTotals'> & { sameAmount: number }>(
      await db.query(`SELECT count(*) FILTER (WHERE lines > 1) AS multiLineOrders, count(*) FILTER (WHERE first_customer <> last_customer) AS conflictingOrderIds,
          count(*) FILTER (WHERE lines > 1 AND low = high) AS sameAmount
        FROM (SELECT order_id, count(*) AS lines, min(customer_id) AS first_customer, max(customer_id) AS last_customer,
          min(amount) AS low, max(amount) AS high FROM orders GROUP BY order_id)`)
    );
    const enough = counts.multiLineOrders >= (totalsNamed ? 1 : MIN_REPEATED_TOTALS);
    const totals = enough && counts.sameAmount === counts.multiLineOrders;
    ids = { multiLineOrders: counts.multiLineOrders, conflictingOrderIds: counts.conflictingOrderIds, repeatedTotals: totals ? counts.sameAmount : 0 };
  }
  const facts = ids.multiLineOrders > 0
    ? `SELECT customer_id, order_id, CAST(min(order_date) AS DATE) AS d, ${ids.repeatedTotals > 0 ? 'min' : 'sum'}(amount) AS amount, bool_and(is_return) AS is_return,
         arg_min_null(channel, order_date) AS channel FROM orders GROUP BY customer_id, order_id`
    : `SELECT customer_id, order_id, CAST(order_date AS DATE) AS d, amount, is_return, channel FROM orders`;
  const withMember = memberKnown
    ? `SELECT f.*, c.is_member FROM (${facts}) f LEFT JOIN customers c USING (customer_id)`
    : `SELECT *, NULL::BOOLEAN AS is_member FROM (${facts})`;
  if (memberKnown || ids.multiLineOrders > 0) {
    await db.exec(`CREATE OR REPLACE TABLE _order_facts AS ${withMember};
      CREATE OR REPLACE VIEW order_facts AS SELECT * FROM _order_facts`);
  } else {
    await db.exec(`CREATE OR REPLACE VIEW order_facts AS ${withMember}; DROP TABLE IF EXISTS _order_facts`);
  }
  return ids;
}

/**
 * `order_span` computed from `order_facts` by a pass of its own, for tables built without the
 * loader (tests, the benchmark's bare engines). The loader gets it from `spanAggregates`.
 */
export const ORDER_SPAN_SQL = `CREATE OR REPLACE TABLE order_span AS
  SELECT min(d) AS first, max(d) AS last FROM order_facts WHERE customer_id IS NOT NULL`;

/**
 * Load every planned file into the canonical tables. Plans must already be complete (the
 * mapping screen refuses to confirm otherwise); files are loaded in order.
 */
export async function loadDataset(db: Database, plans: FilePlan[], options: LoadOptions): Promise<LoadReport> {
  await forgetCached(db);
  await db.exec(CANONICAL);
  const files: FileLoadReport[] = [];
  const typed: TypedTable[] = [];
  for (const [i, plan] of plans.entries()) {
    options.onFile?.(plan.fileName, i);
    const { typed: table, ...report } = await loadFile(db, plan, i, i * 1e10);
    files.push(report);
    if (table) typed.push(table);
  }
  await db.exec(ordersView(typed));
  const cols = presentColumns(plans);
  const memberKnown = cols.member_since ? 'member_since IS NOT NULL' : cols.tier ? 'tier IS NOT NULL' : 'NULL';
  // One row per customer: the latest non-empty value of each attribute wins; every customer
  // who ordered exists even when no customer file described them.
  await db.exec(`
    CREATE OR REPLACE TABLE customers AS
    WITH attrs AS (
      SELECT customer_id,
        min(signup_date) AS signup_date, min(member_since) AS member_since,
        arg_max(tier, _seq) FILTER (WHERE tier IS NOT NULL) AS tier,
        arg_max(birthday, _seq) FILTER (WHERE birthday IS NOT NULL) AS birthday,
        arg_max(acquisition_source, _seq) FILTER (WHERE acquisition_source IS NOT NULL) AS acquisition_source,
        arg_max(referred_by, _seq) FILTER (WHERE referred_by IS NOT NULL) AS referred_by,
        arg_max(region, _seq) FILTER (WHERE region IS NOT NULL) AS region,
        arg_max(gender, _seq) FILTER (WHERE gender IS NOT NULL) AS gender,
        arg_max(age_band, _seq) FILTER (WHERE age_band IS NOT NULL) AS age_band
      FROM _customers GROUP BY customer_id
    )
    SELECT customer_id, signup_date, member_since, tier, birthday, acquisition_source, referred_by, region,
      gender, age_band, ${memberKnown} AS is_member
    FROM (SELECT DISTINCT customer_id FROM orders WHERE customer_id IS NOT NULL) AS buyers FULL OUTER JOIN attrs USING (customer_id);
    DROP TABLE _customers;`);
  const hasKind = (k: FileKind) => plans.some((p) => p.kind === k);
  const hasAnswers = plans.some((p) => columnOf(p, 'score') !== null);
  const lines = hasKind('orders') ? await lineFigures(db, options.today) : null;
  const orderPlans = plans.filter((p) => p.kind === 'orders');
  const totalsNamed = orderPlans.length > 0 && orderPlans.every((p) => {
    const amount = p.columns.find((c) => c.role === 'amount');
    return amount !== undefined && namesOrderTotal(amount.label);
  });
  const orderIds = await buildOrderFacts(db, memberKnown !== 'NULL', !lines || lines.idsUnique, totalsNamed);
  const span = lines?.idsUnique ? lines : firstRow<SpanRow>(await db.query(`SELECT ${spanAggregates('d')} FROM order_facts`));
  const spanDate = (d: string | null) => (d ? dateLit(d) : 'NULL::DATE');
  await db.exec(`CREATE OR REPLACE TABLE order_span AS SELECT ${spanDate(span.identified_first)} AS first, ${spanDate(span.identified_last)} AS last`);

  const issueCount = firstRow<{ n: number }>(await db.query('SELECT count(*) AS n FROM load_issues')).n;
  const customers = hasKind('customers') || hasKind('orders')
    ? firstRow<{ rows: number; members: number | null }>(
        await db.query(`SELECT count(*) AS rows, ${memberKnown === 'NULL' ? 'NULL' : 'count(*) FILTER (WHERE is_member)'} AS members FROM customers`)
      )
    : null;
  return {
    files,
    // Without a customer file every customer in `customers` came from an order.
    orders: lines ? await ordersQuality(db, lines, orderIds, hasKind('customers') ? null : customers!.rows) : null,
    customers,
    responses: hasAnswers ? firstRow<{ rows: number }>(await db.query('SELECT count(*) AS rows FROM responses')) : null,
    issueCount,
    columns: cols,
    span: { first: span.first, last: span.last, channels: span.channels?.split('\u001f') ?? [] }
  };
}
