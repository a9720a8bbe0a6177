/**
 * CPM (顧客ポートフォリオマネジメント) segments: five stages of the relationship, each split into
 * 現役 (active) and 離脱 (lapsed). The classification is written once, as data (the rules
 * below), and turned both into SQL (`cpmStageCase`, `cpmStateCase`) and into a TypeScript twin
 * (`cpmSegmentOf`, for tests and explanations), so the two cannot drift apart.
 *
 * Inputs, as of the analysis date, from the per-customer summary (`../customers/summary.ts`):
 * purchases, revenue (cumulative net), recency_days (analysis date − last purchase), and the
 * CPM tenure 在籍日数, span_days = last purchase − first purchase (= tenure_days − recency_days).
 *
 * Rules (defaults in brackets; thresholds in `./thresholds.ts`):
 *   state: 離脱 when recency_days > lapseDays [240], else 現役 — 240 days is still active.
 *   stage, first match wins:
 *     初回      purchases ≤ 1 (one purchase; ≤ so an order without an id cannot fall through)
 *     よちよち  span_days < yochiyochiTenure [90]           — 89 days yes, 90 no
 *     コツコツ  revenue ≤ spendThreshold [70,000]           — 70,000 yes, 70,001 no
 *     流行      span_days < yuryoTenure [210]               — i.e. span 90–209 and spend > 70,000
 *     優良      everything else                             — span ≥ 210 and spend > 70,000
 *
 * Where the published CPM definition is ambiguous, and what is chosen here. (CPM comes from the
 * mail-order company やずや; one published statement of the defaults is LTV-Lab's help page
 * "CPM集計とは?", https://faqhelp.ltv-lab.jp/ — quoted as "the published text" below.)
 * - Tenure (在籍日数) runs from the first to the LAST purchase, as the published text says
 *   ("初回購入日~最新購入日までの日数"), not to the analysis date (the summary's tenure_days).
 *   Measured to the analysis date, tenure would always be ≥ recency, so with the defaults
 *   (lapsed after 240 days, 流行 below 210) よちよち・離脱 and 流行・離脱 could never have a member.
 * - Lapse boundary: the published text says "240日以上経過" (≥ 240 days → lapsed); this app's
 *   rule is "more than 240 days" (recency 240 is still active, 241 lapsed), as specified for
 *   Kizuna. Only customers whose last purchase is exactly lapseDays ago differ.
 * - Spend boundary: the published text has コツコツ "70000円以下" and 優良 "70000円以上", which
 *   overlap at exactly ¥70,000; here ¥70,000 is コツコツ, 流行/優良 start above it.
 * - Tenure boundaries ("90日未満/以上", "210日未満/以上"): lower bounds inclusive — 89 days is
 *   よちよち, 90 is not; 209 is 流行, 210 is 優良.
 * - よちよち with high spend (2+ purchases within 90 days, over ¥70,000): only tenure defines
 *   よちよち, so tenure decides first — still よちよち, never 流行. 初回 with high spend: still 初回.
 * - Spend is cumulative net revenue (after returns) over the history in view (from the date
 *   filter's start, if set), not spend within a window.
 */
import { lit } from '../../engine/sql';
import type { Bilingual } from '../rfm/segments';
import type { CpmThresholds } from './thresholds';

export const CPM_STAGES = ['first', 'yochiyochi', 'kotsukotsu', 'ryuko', 'yuryo'] as const;
export type CpmStage = (typeof CPM_STAGES)[number];
export const CPM_STATES = ['active', 'lapsed'] as const;
export type CpmState = (typeof CPM_STATES)[number];
export type CpmSegmentId = `${CpmStage}_${CpmState}`;

/** The summary columns a classification reads. */
export interface CpmFacts {
  purchases: number;
  /** CPM tenure: days from the first to the last purchase. */
  span_days: number;
  revenue: number;
  recency_days: number;
}

type Op = '<' | '<=' | '>';
interface Condition {
  field: keyof CpmFacts;
  op: Op;
  /** A constant, or the name of the threshold to compare with. */
  value: number | keyof CpmThresholds;
}

/** Lapsed when this holds. */
export const CPM_LAPSE_RULE: Condition = { field: 'recency_days', op: '>', value: 'lapseDays' };

/** Stages in evaluation order: the first whose condition holds; null = always. */
export const CPM_STAGE_RULES: readonly { stage: CpmStage; when: Condition | null }[] = [
  { stage: 'first', when: { field: 'purchases', op: '<=', value: 1 } },
  { stage: 'yochiyochi', when: { field: 'span_days', op: '<', value: 'yochiyochiTenure' } },
  { stage: 'kotsukotsu', when: { field: 'revenue', op: '<=', value: 'spendThreshold' } },
  { stage: 'ryuko', when: { field: 'span_days', op: '<', value: 'yuryoTenure' } },
  { stage: 'yuryo', when: null }
];

const STAGE_NAME: Record<CpmStage, Bilingual> = {
  first: { ja: '初回', en: 'First-time' },
  yochiyochi: { ja: 'よちよち', en: 'Early repeat' },
  kotsukotsu: { ja: 'コツコツ', en: 'Steady' },
  ryuko: { ja: '流行', en: 'Trending' },
  yuryo: { ja: '優良', en: 'Prime' }
};
const STATE_NAME: Record<CpmState, Bilingual> = {
  active: { ja: '現役', en: 'active' },
  lapsed: { ja: '離脱', en: 'lapsed' }
};

const ACTION: Record<CpmSegmentId, Bilingual> = {
  first_active: { ja: 'お礼と使い方の案内を送り、2回目の購入のきっかけを作る', en: 'Send a thank-you and how-to tips that give a reason for a second order' },
  yochiyochi_active: { ja: '購入間隔に合わせたフォローで、買う習慣を定着させる', en: 'Follow up in step with their buying cycle to make repeat buying a habit' },
  kotsukotsu_active: { ja: '関連商品やまとめ買いを提案して購入単価を上げる', en: 'Suggest related items and bundles to raise their order value' },
  ryuko_active: { ja: '購入額に見合う会員特典を案内し、継続利用につなげる', en: 'Offer member perks matching their spend so they keep coming back' },
  yuryo_active: { ja: '限定イベントや先行案内で特別扱いし、関係を維持する', en: 'Treat them specially with exclusive events and early access' },
  first_lapsed: { ja: '初回購入品の関連商品を一度だけ案内し、反応がなければ配信を減らす', en: 'Send one offer related to their first purchase; reduce contact if ignored' },
  yochiyochi_lapsed: { ja: '離れた理由をアンケートで聞き、再購入クーポンで呼び戻す', en: 'Ask why they stopped in a short survey and offer a comeback coupon' },
  kotsukotsu_lapsed: { ja: 'いつもの定番商品の入荷・新商品情報で呼び戻す', en: 'Win them back with news on their usual products and new arrivals' },
  ryuko_lapsed: { ja: 'きっかけになった商品・カテゴリーの新着情報で再訪を促す', en: 'Bring them back with what is new in the category that drew them in' },
  yuryo_lapsed: { ja: '個別に連絡し、特別なオファーで最優先で呼び戻す', en: 'Contact them personally with a special offer: the top win-back priority' }
};

export interface CpmSegment {
  id: CpmSegmentId;
  stage: CpmStage;
  state: CpmState;
  /** Position in displays, 0-based: active stages first, then lapsed (the 2 × 5 grid row by row). */
  order: number;
  /** e.g. 初回・現役 / "First-time, active". */
  name: Bilingual;
  stageName: Bilingual;
  stateName: Bilingual;
  action: Bilingual;
}

export const CPM_SEGMENTS: readonly CpmSegment[] = CPM_STATES.flatMap((state) =>
  CPM_STAGES.map((stage) => ({ stage, state }))
).map(({ stage, state }, order) => {
  const id = `${stage}_${state}` as CpmSegmentId;
  return {
    id,
    stage,
    state,
    order,
    name: { ja: `${STAGE_NAME[stage].ja}・${STATE_NAME[state].ja}`, en: `${STAGE_NAME[stage].en}, ${STATE_NAME[state].en}` },
    stageName: STAGE_NAME[stage],
    stateName: STATE_NAME[state],
    action: ACTION[id]
  };
});
export const CPM_SEGMENT_IDS: readonly CpmSegmentId[] = CPM_SEGMENTS.map((s) => s.id);

const BY_ID = new Map(CPM_SEGMENTS.map((s) => [s.id, s]));

export function cpmSegment(id: CpmSegmentId): CpmSegment {
  return BY_ID.get(id)!;
}

export function isCpmSegmentId(id: string): id is CpmSegmentId {
  return BY_ID.has(id as CpmSegmentId);
}

// ---- the two interpreters of the rules -------------------------------------------------

function threshold(c: Condition, t: CpmThresholds): number {
  return typeof c.value === 'number' ? c.value : t[c.value];
}

function holds(c: Condition, facts: CpmFacts, t: CpmThresholds): boolean {
  const a = facts[c.field];
  const b = threshold(c, t);
  return c.op === '<' ? a < b : c.op === '<=' ? a <= b : a > b;
}

/** TypeScript twin of the SQL classification. Thresholds must be valid (see `./thresholds.ts`). */
export function cpmSegmentOf(facts: CpmFacts, t: CpmThresholds): CpmSegmentId {
  const stage = CPM_STAGE_RULES.find((x) => x.when === null || holds(x.when, facts, t))!.stage;
  const state: CpmState = holds(CPM_LAPSE_RULE, facts, t) ? 'lapsed' : 'active';
  return `${stage}_${state}`;
}

function conditionSql(c: Condition, t: CpmThresholds): string {
  // Field names are constants of this file; the compared value is a number, via `lit`.
  return `${c.field} ${c.op} ${lit(threshold(c, t))}`;
}

/** SQL CASE giving the stage id from the summary columns. */
export function cpmStageCase(t: CpmThresholds): string {
  const whens = CPM_STAGE_RULES.map((x) =>
    x.when ? `WHEN ${conditionSql(x.when, t)} THEN ${lit(x.stage)}` : `ELSE ${lit(x.stage)}`
  );
  return `CASE ${whens.join(' ')} END`;
}

/** SQL CASE giving 'active' or 'lapsed'. */
export function cpmStateCase(t: CpmThresholds): string {
  return `CASE WHEN ${conditionSql(CPM_LAPSE_RULE, t)} THEN 'lapsed' ELSE 'active' END`;
}
