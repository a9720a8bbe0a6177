/**
 * First-purchase attributes that split cohorts, and the buckets the selector offers.
 *
 * The first purchase is the customer's earliest non-return order in the analysed history;
 * several on that day are ordered by order id (order_facts keeps the day, not the time).
 *   channel            — that order's channel (order_facts: the channel of its first line);
 *   first_category     — the category of that order's highest-amount line; equal amounts go to
 *                        the category that sorts first; lines without a category are ignored;
 *   acquisition_source — the customer's acquisition source (customers table);
 *   member             — the customer's membership as the member filter sees it (current
 *                        status, not status at the first purchase: customers who stayed are
 *                        likelier to have joined, which flatters the members' retention).
 * Values are bucketed: the TOP_VALUES values with most customers keep their name (equal counts
 * are ranked by value), every other value is OTHER_VALUE, no value is UNKNOWN_VALUE. Twenty
 * because a selector and a bar chart stay readable; "other" keeps every customer in some bucket.
 */
import { lit } from '../../engine/sql';
import {
  COHORT_ATTRIBUTES, MEMBER_VALUE, NON_MEMBER_VALUE, OTHER_VALUE, TOP_VALUES, UNKNOWN_VALUE, type CohortAttribute
} from './types';

export function assertAttribute(by: string): asserts by is CohortAttribute {
  if (!(COHORT_ATTRIBUTES as readonly string[]).includes(by)) throw new Error(`unknown cohort attribute: ${by}`);
}

/**
 * The canonical columns (load report `columns` keys) an attribute needs: any one of them. Without
 * them every customer is UNKNOWN_VALUE, so the page should say what is missing instead.
 */
export const ATTRIBUTE_COLUMNS: Record<CohortAttribute, readonly string[]> = {
  channel: ['channel'],
  first_category: ['category'],
  acquisition_source: ['acquisition_source'],
  member: ['member_since', 'tier']
};

export function attributeAvailable(by: CohortAttribute, columns: Record<string, boolean>): boolean {
  return ATTRIBUTE_COLUMNS[by].some((c) => columns[c]);
}

/** Per-customer columns the first-purchase CTE must provide for `by`. */
export function neededColumns(by: CohortAttribute | null): { firstOrder: boolean; firstChannel: boolean } {
  return { firstOrder: by === 'first_category', firstChannel: by === 'channel' };
}

/**
 * CTEs `attr` (customer_id, raw) and `bucketed` (customer_id, bucket, kind) over the CTE `cust`,
 * which has customer_id and, as `neededColumns` says, first_order, first_channel, and is_member.
 */
export function attributeCtes(by: CohortAttribute): string {
  assertAttribute(by);
  let attr: string;
  if (by === 'channel') attr = `SELECT customer_id, first_channel AS raw FROM cust`;
  else if (by === 'member')
    attr = `SELECT customer_id, CASE is_member WHEN TRUE THEN ${lit(MEMBER_VALUE)} WHEN FALSE THEN ${lit(NON_MEMBER_VALUE)} END AS raw FROM cust`;
  else if (by === 'acquisition_source')
    attr = `SELECT cust.customer_id, customers.acquisition_source AS raw FROM cust LEFT JOIN customers USING (customer_id)`;
  else
    // Key (-amount, category): the highest amount first, then the category that sorts first.
    attr = `SELECT cust.customer_id, fc.raw FROM cust LEFT JOIN (
        SELECT l.customer_id, arg_min(l.category, (-l.amount, l.category)) AS raw
        FROM orders l JOIN cust c ON l.customer_id = c.customer_id AND l.order_id IS NOT DISTINCT FROM c.first_order
        WHERE l.category IS NOT NULL GROUP BY l.customer_id) fc USING (customer_id)`;
  return `attr AS MATERIALIZED (${attr}),
    ranked AS (SELECT raw, row_number() OVER (ORDER BY count(*) DESC, raw) AS rn FROM attr WHERE raw IS NOT NULL GROUP BY raw),
    bucketed AS MATERIALIZED (
      SELECT customer_id,
        CASE WHEN attr.raw IS NULL THEN ${lit(UNKNOWN_VALUE)} WHEN rn <= ${TOP_VALUES} THEN attr.raw ELSE ${lit(OTHER_VALUE)} END AS bucket,
        CASE WHEN attr.raw IS NULL THEN 'unknown' WHEN rn <= ${TOP_VALUES} THEN 'value' ELSE 'other' END AS kind,
        rn
      FROM attr LEFT JOIN ranked USING (raw))`;
}

/**
 * The display order of a bucket, as an aggregate over `bucketed` grouped by bucket and kind:
 * named values by customers (ties by value, as SQL sorts them), then other, then unknown.
 */
export const BUCKET_RANK_SQL = `CASE kind WHEN 'value' THEN min(rn) WHEN 'other' THEN ${TOP_VALUES + 1} ELSE ${TOP_VALUES + 2} END`;

/** Selector rows: part 'value', value, kind, customers, rank. */
export const VALUE_ROWS_SQL = `SELECT 'value' AS part, bucket AS value, kind, count(*) AS customers, ${BUCKET_RANK_SQL} AS rank
  FROM bucketed GROUP BY bucket, kind`;

