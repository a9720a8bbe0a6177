/**
 * The RFM segments and THE rule table that assigns them. Everything that names or assigns an
 * RFM segment — the TypeScript `segmentOf`, the SQL `CASE` in every query, the page's legend —
 * reads from the two tables below, so there is one definition to change.
 *
 * Scores r, f, m are integers 1–5 (5 = most recent / most frequent / highest spend; see
 * `./sql.ts` for how they are computed). Common practice segments on R against a combination of
 * F and M; the combination used here is: the R × F grid decides the segment, and M splits the
 * two places where spend changes the action to take — frequent recent buyers (Champions only
 * when they also spend in the top two quintiles, otherwise Loyal) and frequent lapsed buyers
 * (Can't lose them when they spent big, otherwise At risk) — and picks out Lost among the
 * long-gone infrequent buyers (only the low spenders are written off; the rest are Hibernating).
 *
 * Rules are tried in order; the first whose r, f and m ranges (inclusive) all contain the scores
 * wins. Together they cover all 125 (r, f, m) combinations (tested exhaustively), so every scored
 * customer is in exactly one segment. As an R × F grid ("potential" = potential_loyalist):
 *
 *   R\F  1               2               3               4–5
 *   5    new_customers   potential       potential       champions if M ≥ 4, else loyal
 *   4    promising       potential       potential       champions if M ≥ 4, else loyal
 *   3    about_to_sleep  about_to_sleep  need_attention  loyal
 *   2    hibernating     hibernating     at_risk         cant_lose_them if M ≥ 4, else at_risk
 *   1    lost if M ≤ 2, else hibernating at_risk         cant_lose_them if M ≥ 4, else at_risk
 */
import { lit } from '../../engine/sql';

export interface Bilingual {
  ja: string;
  en: string;
}

/** Segment ids in display order (most valuable and engaged first). */
export const RFM_SEGMENT_IDS = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose_them',
  'hibernating',
  'lost'
] as const;
export type RfmSegmentId = (typeof RFM_SEGMENT_IDS)[number];

export interface RfmSegment {
  id: RfmSegmentId;
  /** Position in displays, 0-based (the order of `RFM_SEGMENT_IDS`). */
  order: number;
  name: Bilingual;
  /** Who they are, one line. */
  meaning: Bilingual;
  /** What to do, one concrete line. */
  action: Bilingual;
}

type SegmentText = Omit<RfmSegment, 'id' | 'order'>;

const TEXT: Record<RfmSegmentId, SegmentText> = {
  champions: {
    name: { ja: '最優良顧客', en: 'Champions' },
    meaning: { ja: '最近、頻繁に、多く買っている', en: 'Bought recently, buy often and spend the most' },
    action: { ja: '新商品の先行案内やVIP特典で関係を深める', en: 'Deepen the bond with early access to new products and VIP perks' }
  },
  loyal: {
    name: { ja: 'ロイヤル顧客', en: 'Loyal' },
    meaning: { ja: '定期的に買ってくれている', en: 'Buy regularly and respond to offers' },
    action: { ja: '上位ランクや関連商品を案内し、レビューを依頼する', en: 'Offer the next tier and related products; ask for reviews' }
  },
  potential_loyalist: {
    name: { ja: 'ロイヤル予備軍', en: 'Potential loyalist' },
    meaning: { ja: '最近2回以上買い始めた', en: 'Recent customers who have bought more than once' },
    action: { ja: '会員プログラムに招待し、次に買う商品をおすすめする', en: 'Invite them to the loyalty programme and recommend the next purchase' }
  },
  new_customers: {
    name: { ja: '新規顧客', en: 'New' },
    meaning: { ja: 'ごく最近、初めて買った', en: 'Bought very recently, for the first time' },
    action: { ja: '購入後のフォローと使い方の案内で2回目の購入につなげる', en: 'Follow up after the first order with tips that lead to a second one' }
  },
  promising: {
    name: { ja: '有望顧客', en: 'Promising' },
    meaning: { ja: '最近買ったが、まだ1回だけ', en: 'Recent shoppers who have bought only once' },
    action: { ja: 'お試し価格や次回使えるクーポンで再購入を促す', en: 'Give a trial offer or a next-order coupon to prompt a repeat' }
  },
  need_attention: {
    name: { ja: '要注意顧客', en: 'Need attention' },
    meaning: { ja: '購入回数は平均的だが、最近は買っていない', en: 'Average frequency, but not bought lately' },
    action: { ja: '購入履歴に合わせた期間限定のおすすめで再購入を促す', en: 'Send limited-time recommendations based on their past purchases' }
  },
  about_to_sleep: {
    name: { ja: '休眠予備軍', en: 'About to sleep' },
    meaning: { ja: '購入が少なく、しばらく買っていない', en: 'Few purchases and none for a while' },
    action: { ja: '人気商品と割引を案内して関心を呼び戻す', en: 'Show best-sellers with a discount before they drift away' }
  },
  at_risk: {
    name: { ja: '離反危険顧客', en: 'At risk' },
    meaning: { ja: '以前はよく買っていたが、長く買っていない', en: 'Used to buy often, but not for a long time' },
    action: { ja: '個別化したメールと再来店特典で呼び戻す', en: 'Win them back with personalised e-mails and a comeback offer' }
  },
  cant_lose_them: {
    name: { ja: '引き止めたい優良顧客', en: "Can't lose them" },
    meaning: { ja: 'よく多く買っていたのに、長く買っていない', en: 'Bought often and spent big, but long ago' },
    action: { ja: '個別に連絡して離れた理由を聞き、特別なオファーで引き止める', en: 'Contact them personally, ask why they left, make a special offer' }
  },
  hibernating: {
    name: { ja: '休眠顧客', en: 'Hibernating' },
    meaning: { ja: '購入が少なく、長く買っていない', en: 'Few purchases, long ago' },
    action: { ja: '関連商品と特別割引で再び関心を引く', en: 'Rekindle interest with relevant products and a special discount' }
  },
  lost: {
    name: { ja: '離反顧客', en: 'Lost' },
    meaning: { ja: '最近性・頻度・金額のすべてが最低水準', en: 'Lowest recency, frequency and spend' },
    action: { ja: '再獲得キャンペーンを一度だけ送り、反応がなければ配信を止める', en: 'Send one win-back campaign; if there is no response, stop spending on them' }
  }
};

/** The segments in display order, with their texts. */
export const RFM_SEGMENTS: readonly RfmSegment[] = RFM_SEGMENT_IDS.map((id, order) => ({ id, order, ...TEXT[id] }));

/** Inclusive score range [low, high] within 1–5. */
export type ScoreRange = readonly [low: number, high: number];

export interface RfmRule {
  segment: RfmSegmentId;
  r: ScoreRange;
  f: ScoreRange;
  m: ScoreRange;
}

const ANY: ScoreRange = [1, 5];

/** THE rule table, in evaluation order: the first rule whose ranges contain (r, f, m) wins. */
export const RFM_RULES: readonly RfmRule[] = [
  { segment: 'champions', r: [4, 5], f: [4, 5], m: [4, 5] },
  { segment: 'loyal', r: [3, 5], f: [4, 5], m: ANY },
  { segment: 'potential_loyalist', r: [4, 5], f: [2, 3], m: ANY },
  { segment: 'new_customers', r: [5, 5], f: [1, 1], m: ANY },
  { segment: 'promising', r: [4, 4], f: [1, 1], m: ANY },
  { segment: 'need_attention', r: [3, 3], f: [3, 3], m: ANY },
  { segment: 'about_to_sleep', r: [3, 3], f: [1, 2], m: ANY },
  { segment: 'cant_lose_them', r: [1, 2], f: [4, 5], m: [4, 5] },
  { segment: 'at_risk', r: [1, 2], f: [3, 5], m: ANY },
  { segment: 'lost', r: [1, 1], f: [1, 2], m: [1, 2] },
  { segment: 'hibernating', r: [1, 2], f: [1, 2], m: ANY }
];

const BY_ID = new Map(RFM_SEGMENTS.map((s) => [s.id, s]));

export function rfmSegment(id: RfmSegmentId): RfmSegment {
  return BY_ID.get(id)!;
}

export function isRfmSegmentId(id: string): id is RfmSegmentId {
  return BY_ID.has(id as RfmSegmentId);
}

function within(score: number, [low, high]: ScoreRange): boolean {
  return score >= low && score <= high;
}

/** The segment of a score triple, by the rule table. Scores must be integers 1–5. */
export function segmentOf(r: number, f: number, m: number): RfmSegmentId {
  for (const [name, s] of [['r', r], ['f', f], ['m', m]] as const)
    if (!Number.isInteger(s) || s < 1 || s > 5) throw new RangeError(`RFM ${name} score must be an integer 1–5: ${s}`);
  const rule = RFM_RULES.find((x) => within(r, x.r) && within(f, x.f) && within(m, x.m));
  // Unreachable while the table covers all 125 combinations (a test checks it does).
  if (!rule) throw new Error(`no RFM rule for (${r}, ${f}, ${m})`);
  return rule.segment;
}

/** Column expressions the CASE reads; defaults are the score columns of `./sql.ts`. */
export interface ScoreColumns {
  r: string;
  f: string;
  m: string;
}

/**
 * The rule table as one SQL expression over integer score columns (NULL only if a score is
 * NULL): the 125 segments, resolved here by `segmentOf`, in a constant list indexed by
 * (r, f, m). One lookup per customer instead of evaluating up to 125 CASE branches.
 */
export function rfmSegmentCase(cols: ScoreColumns = { r: 'r', f: 'f', m: 'm' }): string {
  const table: string[] = [];
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) table.push(lit(segmentOf(r, f, m)));
  return `[${table.join(', ')}][CAST((${cols.r} - 1) * 25 + (${cols.f} - 1) * 5 + ${cols.m} AS BIGINT)]`;
}
