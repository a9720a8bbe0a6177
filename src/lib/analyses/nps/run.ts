/**
 * The NPS page's analyses (definitions in ./sql.ts, ./scale.ts and ./stats.ts). Each returns
 * null when no answer counts under the filters.
 */
import { firstRow, toRows, type QueryRunner } from '../../engine/types';
import { resolveAsOf } from '../customers/asof';
import type { Filters } from '../filters';
import { normalizeLoyal, type LoyalDefinition } from '../loyal/definition';
import { bandRanges, effectiveReading, scaleBounds, type Band, type ScoreScale } from './scale';
import { answerScalesSql } from './scales';
import {
  npsAnswersSql, npsBehaviourSql, npsBreakdownSql, npsDistributionSql, npsQuadrantSql, npsTotalsSql, npsTrendSql, type AnswerScope
} from './sql';
import { compare, estimate, type BandCounts, type Measure } from './stats';
import {
  BEHAVIOUR_DAYS, NPS_ATTRIBUTES,
  type NpsBehaviourResult, type NpsBehaviourRow, type NpsByResult, type NpsGroup, type NpsQuadrantCell, type NpsResult
} from './types';
import type { NpsView } from './view';
import type { CommentWordsEngine } from './words-read';
import type { CommentWordsResult } from './words';

export interface ResolvedScope extends AnswerScope {
  measure: Measure;
  scales: { scale: ScoreScale; answers: number }[];
}

/** The scale the view asks for if the data has it, else the one with most answers; null without answers. */
export async function resolveScope(db: QueryRunner, view: NpsView): Promise<ResolvedScope | null> {
  const scales = toRows<{ scale: ScoreScale; answers: number }>(await db.query(answerScalesSql()));
  const scale = scales.find((s) => s.scale === view.scale)?.scale ?? scales[0]?.scale;
  if (!scale) return null;
  const reading = effectiveReading(scale, view.reading);
  return { scale, reading, measure: reading, scales };
}

const counts = (r: BandCounts): BandCounts => ({ n: r.n, high: r.high, mid: r.mid, low: r.low });

export async function runNps(db: QueryRunner, filters: Filters, view: NpsView): Promise<NpsResult | null> {
  const scope = await resolveScope(db, view);
  if (!scope) return null;
  const [totals, trend, dist] = await Promise.all([
    db.query(npsTotalsSql(filters, scope)).then((c) => firstRow<BandCounts & { matched: number; comments: number; first: string; last: string }>(c)),
    db.query(npsTrendSql(filters, scope, view.grain)).then((c) => toRows<BandCounts & { period: string }>(c)),
    db.query(npsDistributionSql(filters, scope)).then((c) => toRows<{ score: number; answers: number }>(c))
  ]);
  if (totals.n === 0) return null;
  const periods = trend.map((p) => ({ period: p.period, ...counts(p), ...estimate(p, scope.measure) }));
  const answered = periods.filter((p) => p.n > 0);
  const [prev, latest] = answered.slice(-2);
  const change = latest && compare(prev, latest, scope.measure);
  const [lo, hi] = scaleBounds(scope.scale);
  const byScore = new Map(dist.map((d) => [d.score, d.answers]));
  return {
    scale: scope.scale,
    reading: scope.reading,
    ranges: bandRanges(scope.scale, scope.reading),
    scales: scope.scales,
    grain: view.grain,
    first: totals.first,
    last: totals.last,
    total: { ...counts(totals), ...estimate(totals, scope.measure) },
    matched: totals.matched,
    comments: totals.comments,
    periods,
    change: change ? { ...change, from: prev.period, to: latest.period } : null,
    distribution: Array.from({ length: hi - lo + 1 }, (_, i) => ({ score: lo + i, answers: byScore.get(lo + i) ?? 0 }))
  };
}

/** Groups in display order: named values by score (best first; equal scores by answers), then other, then unknown. */
function displayOrder(a: NpsGroup, b: NpsGroup): number {
  const rank = (g: NpsGroup) => (g.kind === 'value' ? 0 : g.kind === 'other' ? 1 : 2);
  return rank(a) - rank(b) || (b.score ?? -Infinity) - (a.score ?? -Infinity) || (b.n ?? 0) - (a.n ?? 0) || a.value.localeCompare(b.value);
}

export async function runNpsBy(db: QueryRunner, filters: Filters, view: NpsView): Promise<NpsByResult | null> {
  const [scope, asOf] = await Promise.all([resolveScope(db, view), resolveAsOf(db, filters)]);
  if (!scope || !asOf) return null;
  const rows = toRows<BandCounts & { attribute: string; value: string; kind: NpsGroup['kind'] }>(await db.query(npsBreakdownSql(filters, scope, asOf)));
  if (rows.length === 0) return null;
  const attributes = NPS_ATTRIBUTES.flatMap((attribute) => {
    const groups = rows
      .filter((r) => r.attribute === attribute)
      .map((r): NpsGroup => ({ value: r.value, kind: r.kind, ...counts(r), ...estimate(r, scope.measure) }))
      .sort(displayOrder);
    return groups.length ? [{ attribute, groups }] : [];
  });
  return { attributes };
}

interface BehaviourRow {
  band: Band;
  matched: number;
  answers: number;
  orders_before: number | null; orders_after: number | null;
  spend_before: number | null; spend_after: number | null;
  buyers_before: number | null; buyers_after: number | null;
  repurchased: number; bought_before: number; retained: number;
}

/** A share of `x` in `n` as points with its interval (the satisfaction estimate is exactly that). */
const share = (x: number, n: number) => estimate({ n, high: x, mid: n - x, low: 0 }, 'top2');

export async function runNpsBehaviour(
  db: QueryRunner,
  filters: Filters,
  view: NpsView,
  definition: LoyalDefinition
): Promise<NpsBehaviourResult | null> {
  const [scope, asOf] = await Promise.all([resolveScope(db, view), resolveAsOf(db, filters)]);
  if (!scope || !asOf) return null;
  const def = normalizeLoyal(definition);
  const [behaviour, quadrant] = await Promise.all([
    db.query(npsBehaviourSql(filters, scope, asOf)).then((c) => toRows<BehaviourRow>(c)),
    db.query(npsQuadrantSql(filters, scope, def, asOf)).then((c) => toRows<{ band: Band; loyal: boolean; customers: number; revenue: number }>(c))
  ]);
  const matched = behaviour.reduce((sum, r) => sum + r.matched, 0);
  if (matched === 0) return null;
  const rows = (['high', 'mid', 'low'] as const).map((band): NpsBehaviourRow => {
    const r = behaviour.find((x) => x.band === band);
    const window = (side: 'before' | 'after') => ({
      orders: r?.[`orders_${side}`] ?? null, spend: r?.[`spend_${side}`] ?? null, buyers: r?.[`buyers_${side}`] ?? null
    });
    return {
      band,
      answers: r?.answers ?? 0,
      before: window('before'),
      after: window('after'),
      repurchase: share(r?.repurchased ?? 0, r?.answers ?? 0),
      retention: share(r?.retained ?? 0, r?.bought_before ?? 0),
      retentionBase: r?.bought_before ?? 0
    };
  });
  const cell = (band: 'high' | 'low', loyal: boolean): NpsQuadrantCell => {
    const q = quadrant.find((x) => x.band === band && x.loyal === loyal);
    return { band, loyal, customers: q?.customers ?? 0, revenue: q?.revenue ?? 0 };
  };
  return {
    asOf,
    windowDays: BEHAVIOUR_DAYS,
    matched,
    complete: behaviour.reduce((sum, r) => sum + r.answers, 0),
    rows,
    definition: def,
    quadrant: [cell('low', true), cell('high', true), cell('low', false), cell('high', false)],
    middle: quadrant.filter((x) => x.band === 'mid').reduce((s, x) => s + x.customers, 0)
  };
}

/** Words of the counted answers' comments (./words.ts), counted in the worker; null without comments. */
export async function runNpsWords(db: QueryRunner & CommentWordsEngine, filters: Filters, view: NpsView): Promise<CommentWordsResult | null> {
  const scope = await resolveScope(db, view);
  if (!scope) return null;
  const words = await db.commentWords(`SELECT comment, band FROM (${npsAnswersSql(filters, scope)}) WHERE comment IS NOT NULL`);
  return words.respondents.total > 0 ? words : null;
}
