/**
 * NPS SQL. Which answers count (stated once, here):
 * - answers on the page's scale whose score is on it (the importer rejects others), read
 *   with the page's reading (./scale.ts) into a group: 'high' | 'mid' | 'low';
 * - dated within the filters' dates (the answer's calendar date);
 * - with a member filter: answers of customers whose membership matches (answers without a
 *   known customer are left out, as their membership is unknown);
 * - with a channel filter: answers of customers who bought in one of those channels.
 * Every answer counts once (a transactional NPS): a customer who answered twice counts twice.
 * `response_key` names an answer across reloads of the same file (follow-up marks use it).
 */
import { dateLit, lit, litList } from '../../engine/sql';
import { MEMBER_VALUE, NON_MEMBER_VALUE, OTHER_VALUE, TOP_VALUES, UNKNOWN_VALUE } from '../cohorts/types';
import { cpmClassifiedSql } from '../cpm/sql';
import { resolveCpmThresholds } from '../cpm/thresholds';
import { rfmScoredSql } from '../rfm/sql';
import { segmentWhere, type Filters } from '../filters';
import type { LoyalDefinition } from '../loyal/definition';
import { loyalCustomersSql } from '../loyal/sql';
import { periodIndexSql, periodLabelSql, periodStartSql } from '../cohorts/grain';
import { bandSql, type Reading, type ScoreScale } from './scale';
import { BEHAVIOUR_DAYS, NPS_ATTRIBUTES, type NpsGrain } from './types';

export interface AnswerScope {
  scale: ScoreScale;
  reading: Reading;
}

/**
 * One row per counted answer: response_key, customer_id (NULL when the survey had no id),
 * matched (the customer is known from orders or customer files), answered_on (DATE), score,
 * band, comment, touchpoint.
 */
export function npsAnswersSql(f: Filters, s: AnswerScope): string {
  const where = [`r.scale = '${s.scale}'`, 'r.score IS NOT NULL', 'r.response_date IS NOT NULL'];
  if (f.from) where.push(`CAST(r.response_date AS DATE) >= ${dateLit(f.from)}`);
  if (f.to) where.push(`CAST(r.response_date AS DATE) <= ${dateLit(f.to)}`);
  if (f.member === 'member') where.push('c.is_member IS TRUE');
  if (f.member === 'non_member') where.push('c.is_member IS FALSE');
  if (f.channels.length)
    where.push(`r.customer_id IN (SELECT customer_id FROM order_facts WHERE channel IN ${litList(f.channels)})`);
  return `SELECT
      md5(concat_ws(chr(31), r.source_file, r.customer_id, CAST(r.response_date AS VARCHAR), CAST(r.score AS VARCHAR), r.comment, r.touchpoint)) AS response_key,
      r.customer_id, c.customer_id IS NOT NULL AS matched,
      CAST(r.response_date AS DATE) AS answered_on, r.score, ${bandSql(s.scale, s.reading, 'r.score')} AS band,
      r.comment, r.touchpoint
    FROM responses r LEFT JOIN customers c ON c.customer_id = r.customer_id
    WHERE ${where.join(' AND ')}`;
}

const COUNTS = `count(*) AS n, count(*) FILTER (WHERE band = 'high') AS high,
      count(*) FILTER (WHERE band = 'mid') AS mid, count(*) FILTER (WHERE band = 'low') AS low`;

/** One row: the answers' counts per group, matched answers, answers with a comment, first and last date. */
export function npsTotalsSql(f: Filters, s: AnswerScope): string {
  return `SELECT ${COUNTS}, count(*) FILTER (WHERE matched) AS matched, count(comment) AS comments,
      strftime(min(answered_on), '%Y-%m-%d') AS first, strftime(max(answered_on), '%Y-%m-%d') AS last
    FROM (${npsAnswersSql(f, s)})`;
}

/** One row per period from the first answer's to the last's (empty ones with zeros), in order. */
export function npsTrendSql(f: Filters, s: AnswerScope, grain: NpsGrain): string {
  const k = periodIndexSql(grain, 'answered_on');
  return `WITH p AS (SELECT ${k} AS k, ${COUNTS} FROM (${npsAnswersSql(f, s)}) GROUP BY 1),
      span AS (SELECT min(k) AS lo, max(k) AS hi FROM p)
    SELECT ${periodLabelSql(grain, periodStartSql(grain, 'g.k'))} AS period,
      coalesce(p.n, 0) AS n, coalesce(p.high, 0) AS high, coalesce(p.mid, 0) AS mid, coalesce(p.low, 0) AS low
    FROM (SELECT unnest(range(lo, hi + 1)) AS k FROM span) g LEFT JOIN p USING (k) ORDER BY g.k`;
}

/** Answers per score value present. */
export function npsDistributionSql(f: Filters, s: AnswerScope): string {
  return `SELECT score, count(*) AS answers FROM (${npsAnswersSql(f, s)}) GROUP BY score ORDER BY score`;
}

/**
 * Counts per attribute value for every attribute (see NPS_ATTRIBUTES in ./types.ts): rows
 * attribute, value, kind ('value' | 'other' | 'unknown'), rn (rank of a named value by
 * answers), n, high, mid, low. The TOP_VALUES values with most answers keep their name, the
 * rest are OTHER_VALUE, no value is UNKNOWN_VALUE. Attributes no answer has a value for are
 * left out.
 */
export function npsBreakdownSql(f: Filters, s: AnswerScope, asOf: string): string {
  const attrs = NPS_ATTRIBUTES.map((a) => `CAST(${a} AS VARCHAR) AS ${a}`).join(', ');
  return `WITH a AS (${npsAnswersSql(f, s)}),
      fc AS (SELECT customer_id, arg_min(channel, (d, order_id)) AS channel FROM order_facts
        WHERE customer_id IS NOT NULL AND NOT is_return GROUP BY customer_id),
      rfm AS (SELECT customer_id, segment FROM (${rfmScoredSql(f, asOf)})),
      cpm AS (SELECT customer_id, segment FROM (${cpmClassifiedSql(f, asOf, resolveCpmThresholds())})),
      wide AS (
        SELECT a.band,
          CASE c.is_member WHEN TRUE THEN ${lit(MEMBER_VALUE)} WHEN FALSE THEN ${lit(NON_MEMBER_VALUE)} END AS member,
          rfm.segment AS rfm, cpm.segment AS cpm, c.tier, fc.channel, a.touchpoint, c.region, c.age_band, c.acquisition_source
        FROM a LEFT JOIN customers c ON c.customer_id = a.customer_id LEFT JOIN fc ON fc.customer_id = a.customer_id
          LEFT JOIN rfm ON rfm.customer_id = a.customer_id LEFT JOIN cpm ON cpm.customer_id = a.customer_id),
      wt AS (SELECT band, ${attrs} FROM wide),
      long AS (SELECT * FROM wt UNPIVOT INCLUDE NULLS (value FOR attribute IN (${NPS_ATTRIBUTES.join(', ')}))),
      g AS (SELECT attribute, value, ${COUNTS} FROM long GROUP BY attribute, value),
      ranked AS (
        SELECT *, row_number() OVER (PARTITION BY attribute ORDER BY value IS NULL, n DESC, value) AS rn FROM g
        WHERE attribute IN (SELECT attribute FROM g WHERE value IS NOT NULL))
    SELECT attribute,
      CASE WHEN value IS NULL THEN ${lit(UNKNOWN_VALUE)} WHEN rn <= ${TOP_VALUES} THEN value ELSE ${lit(OTHER_VALUE)} END AS value,
      CASE WHEN value IS NULL THEN 'unknown' WHEN rn <= ${TOP_VALUES} THEN 'value' ELSE 'other' END AS kind,
      min(rn) AS rn, sum(n) AS n, sum(high) AS high, sum(mid) AS mid, sum(low) AS low
    FROM ranked GROUP BY ALL`;
}

/**
 * Purchases around each matched answer: per group, over the answers whose two windows lie
 * inside the analysed purchase history (from the later of the data's first day and the
 * filters' `from`, to `asOf`), so recent answers are not mistaken for lapsed customers:
 *   before = the BEHAVIOUR_DAYS days up to and including the answer day (a post-purchase
 *            survey's own purchase counts here), after = the BEHAVIOUR_DAYS days that follow;
 *   orders and spend (net) are means per answer; buyers = share with a purchase in the window;
 *   repurchased = answers with a purchase after; retained = of those with a purchase before,
 *   those with one after.
 * Rows per band: matched (answers of known customers), answers (those with complete windows),
 * orders_before/after, spend_before/after, buyers_before/after, repurchased, bought_before,
 * retained.
 */
export function npsBehaviourSql(f: Filters, s: AnswerScope, asOf: string): string {
  const days = BEHAVIOUR_DAYS;
  const start = f.from ? `greatest(first, ${dateLit(f.from)})` : 'first';
  const c = 'FILTER (WHERE complete)';
  // The purchases of each complete answer's customer, joined on the customer alone (a plain
  // hash join; date ranges in the join condition make DuckDB compare every pair) and then
  // kept to the two windows.
  return `WITH a AS (SELECT row_number() OVER () AS aid, customer_id, answered_on, band FROM (${npsAnswersSql(f, s)}) WHERE matched),
      w AS (SELECT a.*, answered_on - ${days} >= ${start} AND answered_on + ${days} <= ${dateLit(asOf)} AS complete
        FROM a, order_span),
      near AS (
        SELECT w.aid, o.d > w.answered_on AS after, o.amount, o.is_return
        FROM (SELECT * FROM w WHERE complete) w
          JOIN (SELECT customer_id, d, amount, is_return FROM order_facts WHERE ${segmentWhere(f)}) o USING (customer_id)
        WHERE o.d > w.answered_on - ${days} AND o.d <= w.answered_on + ${days}),
      sums AS (
        SELECT aid,
          count(*) FILTER (WHERE NOT after AND NOT is_return) AS ob, count(*) FILTER (WHERE after AND NOT is_return) AS oa,
          coalesce(sum(amount) FILTER (WHERE NOT after), 0) AS sb, coalesce(sum(amount) FILTER (WHERE after), 0) AS sa
        FROM near GROUP BY aid),
      per AS (
        SELECT w.band, w.complete, coalesce(ob, 0) AS ob, coalesce(oa, 0) AS oa, coalesce(sb, 0) AS sb, coalesce(sa, 0) AS sa
        FROM w LEFT JOIN sums USING (aid))
    SELECT band, count(*) AS matched, count(*) ${c} AS answers,
      avg(ob) ${c} AS orders_before, avg(oa) ${c} AS orders_after, avg(sb) ${c} AS spend_before, avg(sa) ${c} AS spend_after,
      avg(CAST(ob > 0 AS INTEGER)) ${c} AS buyers_before, avg(CAST(oa > 0 AS INTEGER)) ${c} AS buyers_after,
      count(*) FILTER (WHERE complete AND oa > 0) AS repurchased, count(*) FILTER (WHERE complete AND ob > 0) AS bought_before,
      count(*) FILTER (WHERE complete AND ob > 0 AND oa > 0) AS retained
    FROM per GROUP BY band`;
}

/**
 * Each matched customer's latest counted answer up to `asOf` (equal days: the larger answer
 * key): customer_id, answered_on, score, band. The quadrant and its customer lists read it.
 */
export function npsLatestSql(f: Filters, s: AnswerScope, asOf: string): string {
  const latest = (col: string) => `arg_max(${col}, (answered_on, response_key)) AS ${col}`;
  return `SELECT customer_id, max(answered_on) AS answered_on, ${latest('score')}, ${latest('band')}
    FROM (${npsAnswersSql(f, s)}) WHERE matched AND answered_on <= ${dateLit(asOf)} GROUP BY customer_id`;
}

/**
 * Each matched customer's latest answer (npsLatestSql) against the
 * loyal definition as of `asOf`: rows band, loyal, customers, revenue (net, up to `asOf`).
 * Customers who answered but bought nothing in the history are not loyal, with no revenue.
 */
export function npsQuadrantSql(f: Filters, s: AnswerScope, def: LoyalDefinition, asOf: string): string {
  return `WITH latest AS (${npsLatestSql(f, s, asOf)})
    SELECT l.band, coalesce(lc.loyal, false) AS loyal, count(*) AS customers, coalesce(sum(lc.revenue), 0) AS revenue
    FROM latest l LEFT JOIN (${loyalCustomersSql(f, def, asOf)}) lc ON lc.customer_id = l.customer_id
    GROUP BY ALL`;
}
