/**
 * A seeded, deterministic generator of a realistic Japanese e-commerce loyalty dataset
 * (orders, customers, NPS answers) for "Try the demo".
 *
 * Customers follow a BG/NBD-like process (gamma-distributed purchase rates, beta-distributed
 * drop-out after each purchase) with lognormal spend, so RFM, cohorts and CLV models have
 * the shapes they expect. A loyalty programme launches mid-period; customers self-select into
 * it and it genuinely lifts frequency and retention, so programme-effect analyses have a
 * real, modest effect to find behind a strong selection bias.
 *
 * Pure TypeScript: no Node or DOM APIs, no Date, no Math.random. The same seed gives the
 * same bytes on the same JavaScript engine (Math.log/exp are not bit-identical across
 * engines, so byte equality across browsers is not promised).
 */

export interface DemoFile {
  name: string;
  text: string;
}

/** Default seed: any fixed value works; this one is the programme launch date. */
export const DEMO_SEED = 20241001;

// ───────────────────────────── Parameters ─────────────────────────────

/** Three Japanese fiscal years, so year-over-year and before/after comparisons both fit. */
const PERIOD_START = '2023-04-01';
const PERIOD_END = '2026-03-31';
/** Mid-period launch leaves 18 months before and after for before/after and diff-in-diff. */
const PROGRAMME_LAUNCH = '2024-10-01';

/** Size of a mid-size shop: enough rows to feel real, small enough to load instantly. */
const CUSTOMERS_AT_SCALE_1 = 30_000;
/** Newsletter sign-ups and abandoned first carts: accounts that never order. */
const NEVER_ORDER_SHARE = 0.035;

/**
 * Purchase rate λ (orders per day) ~ Gamma(shape, scale): mean 0.02/day, about 7 orders a
 * year while active. Tenure and survival already spread customers widely, so a moderate shape
 * keeps the top 20 % near 70 % of revenue instead of the 80 %+ a shape below 1 would give.
 */
const RATE_SHAPE = 5;
const RATE_SCALE = 0.004;
/**
 * Drop-out probability after each purchase ~ Beta(a, b). A U-shaped beta (a, b < 1) splits
 * customers into triers who leave after a purchase or two and loyal regulars: that gives the
 * 40–55 % one-time buyers real shops see without one heavy tail dominating revenue.
 */
const DROPOUT_A = 0.105;
const DROPOUT_B = 0.12;

/**
 * Spend per order: each customer's mean is lognormal around ¥4,500 (σ 0.3), and orders vary
 * around it (gamma, CV 0.5); with the category mix this puts most orders at ¥2,000–¥8,000
 * with a long tail of appliance and gift orders. Gamma-Gamma assumes spend is independent of
 * frequency, so it is drawn independently here.
 */
const SPEND_MEDIAN_YEN = 4_500;
const SPEND_SIGMA = 0.3;
const ORDER_VALUE_SHAPE = 4;
/** The cheapest item on the shelf. */
const MIN_UNIT_PRICE_YEN = 100;

/**
 * Joining lifts purchase frequency by 20 % and cuts drop-out by 40 %: a real but modest effect,
 * much smaller than the raw member/non-member gap that self-selection produces. Exported so
 * tests of programme-effect analyses can state the truth they should recover.
 */
export const MEMBER_EFFECT = { rateLift: 1.2, dropoutFactor: 0.6 } as const;
/** The counterfactual shop: joining changes nothing about buying (see generateDemo's options). */
const NO_MEMBER_EFFECT = { rateLift: 1, dropoutFactor: 1 } as const;
/** Chance to join at checkout per order after launch, before scaling by the customer's value. */
const JOIN_PER_ORDER = 0.07;
/** Chance that a new customer after launch joins at sign-up, before scaling by value. */
const JOIN_AT_SIGNUP = 0.22;
/** Self-selection: propensity grows with value, so valuable customers are much likelier to join. */
const JOIN_PROPENSITY_CAP = 3;
/** Members often install the app as their membership card. */
const MEMBER_SWITCH_TO_APP = 0.35;

/** Tier thresholds on cumulative member spend (yen) and the point rate each tier earns. */
const TIERS = ['ブロンズ', 'シルバー', 'ゴールド', 'プラチナ'] as const;
const TIER_MIN_SPEND = [0, 25_000, 60_000, 150_000];
const TIER_POINT_RATE = [0.01, 0.015, 0.02, 0.03];
/** Members spend points occasionally, once they have enough to matter. */
const POINT_USE_CHANCE = 0.15;
const POINT_USE_MIN_BALANCE = 300;
const POINT_USE_MAX_SHARE = 0.5;

/** Cancellations and returns: small but present so importers and analyses must handle them. */
const CANCEL_SHARE = 0.02;
const RETURN_SHARE = 0.01;

/** Post-purchase survey: about one order in 22 gets an answer, at most one per customer every two months. */
const SURVEY_CHANCE = 0.045;
const SURVEY_MIN_GAP_DAYS = 60;
/**
 * Scores on a latent 0–10 scale before rounding. The base is modest because Japanese
 * respondents rarely give 9–10 (NPS is typically negative in Japan); members and referred
 * customers are happier, while a customer about to leave, a cancelled or returned order and
 * a support contact pull the score down.
 */
const SCORE_BASE = 7.1;
const SCORE_NOISE = 1.7;
const SCORE_MEMBER = 0.9;
const SCORE_CHURN = -2.0;
const SCORE_BAD_ORDER = -2.5;
const SCORE_SUPPORT = -1.2;
const SCORE_REFERRED = 0.4;

/** Calendar effects (Jan..Dec): Dec gift peak, Mar new-life season, Feb lull; campaigns and weekends lift. */
const PURCHASE_MONTH_FACTOR = [1.05, 0.85, 1.1, 1.0, 0.95, 0.9, 1.05, 0.95, 0.9, 1.0, 1.1, 1.4];
const ACQUISITION_MONTH_FACTOR = [0.95, 0.85, 1.35, 1.05, 0.95, 0.9, 1.05, 1.0, 0.9, 1.0, 1.15, 1.5];
const CAMPAIGN_PURCHASE_LIFT = 1.25;
const CAMPAIGN_ACQUISITION_LIFT = 1.6;
const LAUNCH_MONTH_ACQUISITION_LIFT = 1.4;
const WEEKEND_PURCHASE_LIFT = 1.1;
/** Sign-ups grow by about half over the three years. */
const ACQUISITION_GROWTH = 0.5;
/**
 * The data starts when the shop moved to its current platform: existing customers
 * re-register in the first weeks, so the first cohort is large and orders don't start at zero.
 */
const OPENING_BOOST = 5;
const OPENING_DECAY_DAYS = 40;

/** The app's share of orders grows from 10 % to 40 % over the period; stores stay flat. */
const APP_SHARE_START = 0.1;
const APP_SHARE_GROWTH = 0.3;
const STORE_SHARE = 0.25;
/** Customers mostly stick to their preferred channel and favourite category. */
const PREFERRED_CHANNEL_SHARE = 0.7;
const FAVOURITE_CATEGORY_SHARE = 0.4;
const HOME_STORE_SHARE = 0.85;

/** First-order welcome coupon and birthday coupon usage. */
const WELCOME_USE = 0.3;
const WELCOME_PERCENT = 10;
const BIRTHDAY_USE = 0.4;
const BIRTHDAY_YEN = 500;

// ───────────────────────────── Reference data ─────────────────────────────

const CHANNELS = ['EC', 'アプリ', '店舗'] as const;
const EC = 0;
const APP = 1;
const STORE = 2;

const STATUS = ['完了', '注文キャンセル', '返品'] as const;
const COMPLETED = 0;

/** Order hour weights per channel: EC and app peak late evening and at lunch; stores open 10–21. */
const HOUR_WEIGHTS: readonly (readonly number[])[] = [
  [3, 2, 1, 0.5, 0.3, 0.3, 0.6, 1.2, 2, 2.5, 3, 3.5, 5, 4, 3.5, 3.5, 3.5, 4, 4.5, 5.5, 7, 8, 7.5, 5],
  [3, 1.5, 0.8, 0.4, 0.3, 0.4, 1, 3, 4, 3, 3, 3.5, 6, 4.5, 3.5, 3.5, 3.5, 4, 5, 6, 7, 8.5, 8, 5.5],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 6, 8, 8, 7, 7, 7, 8, 9, 7, 4, 0, 0, 0]
];

interface Category {
  name: string;
  weight: number;
  /** Relative basket value: appliances are dear, drinks cheap. */
  priceFactor: number;
  meanQuantity: number;
  /** Month multipliers (Jan..Dec) for seasonal categories. */
  season?: readonly number[];
}

const CATEGORIES: readonly Category[] = [
  { name: '食品', weight: 24, priceFactor: 0.75, meanQuantity: 2.6 },
  {
    name: '飲料',
    weight: 12,
    priceFactor: 0.55,
    meanQuantity: 3.2,
    season: [0.9, 0.9, 1, 1, 1.1, 1.3, 1.6, 1.6, 1.2, 1, 0.9, 1]
  },
  { name: '日用品', weight: 18, priceFactor: 0.7, meanQuantity: 2.2 },
  { name: '美容', weight: 14, priceFactor: 1.15, meanQuantity: 1.5 },
  {
    name: 'ファッション',
    weight: 12,
    priceFactor: 1.6,
    meanQuantity: 1.3,
    season: [1.1, 0.9, 1.2, 1.2, 1, 0.9, 1, 0.9, 1, 1.1, 1.2, 1.1]
  },
  {
    name: '家電',
    weight: 5,
    priceFactor: 3.0,
    meanQuantity: 1.05,
    season: [1, 1, 1.4, 1.2, 1, 1, 1, 1, 1, 1, 1.1, 1.3]
  },
  { name: 'ベビー・キッズ', weight: 8, priceFactor: 1.0, meanQuantity: 1.8 },
  {
    name: 'ギフト',
    weight: 7,
    priceFactor: 1.5,
    meanQuantity: 1.2,
    // Valentine's, Mother's Day, ochūgen in July, oseibo and Christmas in December.
    season: [0.8, 1.3, 0.9, 0.9, 1.5, 1, 2, 1, 0.9, 0.9, 1.2, 3]
  }
];
const BEAUTY = 3;
const APPLIANCES = 5;
const BABY = 6;

/** Prefectures with 2020 census population (10,000s) and the store region serving them. */
const PREFECTURES: readonly (readonly [string, number, number])[] = [
  ['北海道', 522, 0], ['青森県', 124, 1], ['岩手県', 121, 1], ['宮城県', 230, 1],
  ['秋田県', 96, 1], ['山形県', 107, 1], ['福島県', 183, 1], ['茨城県', 287, 2],
  ['栃木県', 193, 2], ['群馬県', 194, 2], ['埼玉県', 734, 2], ['千葉県', 628, 2],
  ['東京都', 1405, 2], ['神奈川県', 924, 3], ['新潟県', 220, 4], ['富山県', 103, 4],
  ['石川県', 113, 4], ['福井県', 77, 4], ['山梨県', 81, 2], ['長野県', 205, 4],
  ['岐阜県', 198, 4], ['静岡県', 363, 4], ['愛知県', 754, 4], ['三重県', 177, 4],
  ['滋賀県', 141, 5], ['京都府', 258, 5], ['大阪府', 884, 5], ['兵庫県', 547, 5],
  ['奈良県', 132, 5], ['和歌山県', 92, 5], ['鳥取県', 55, 6], ['島根県', 67, 6],
  ['岡山県', 189, 6], ['広島県', 280, 6], ['山口県', 134, 6], ['徳島県', 72, 6],
  ['香川県', 95, 6], ['愛媛県', 133, 6], ['高知県', 69, 6], ['福岡県', 513, 7],
  ['佐賀県', 81, 7], ['長崎県', 131, 7], ['熊本県', 174, 7], ['大分県', 112, 7],
  ['宮崎県', 107, 7], ['鹿児島県', 159, 7], ['沖縄県', 147, 7]
];
/** Online shopping skews to the big cities. */
const URBAN_BOOST: Readonly<Record<string, number>> = { 東京都: 1.3, 神奈川県: 1.1, 大阪府: 1.1 };

/** Stores per region (index = region in PREFECTURES). */
const STORES_BY_REGION: readonly (readonly string[])[] = [
  ['札幌店'],
  ['仙台店'],
  ['渋谷店', '新宿店', '池袋店'],
  ['横浜店'],
  ['名古屋栄店'],
  ['梅田店', '難波店'],
  ['広島店'],
  ['福岡天神店']
];
const STORES: readonly string[] = STORES_BY_REGION.flat();

const GENDERS = ['女性', '男性', 'その他'] as const;
/** Female-leaning customer base; a few decline to answer (empty). */
const GENDER_WEIGHTS = [54, 40, 1, 5];

const AGE_BANDS = ['10代', '20代', '30代', '40代', '50代', '60代', '70代以上'] as const;
const AGE_BAND_WEIGHTS = [3, 20, 25, 24, 16, 9, 3];
const AGE_BAND_RANGE: readonly (readonly [number, number])[] = [
  [16, 19], [20, 29], [30, 39], [40, 49], [50, 59], [60, 69], [70, 84]
];
const BIRTHDAY_MISSING = 0.1;
const AGE_BAND_MISSING_WITHOUT_BIRTHDAY = 0.5;

const SOURCES = ['検索広告', '自然検索', 'SNS', '紹介', 'チラシ', 'アプリストア'] as const;
const SEARCH_ADS = 0;
const REFERRAL = 3;
const FLYER = 4;
const APP_STORE = 5;
/** Source mix at the start and its drift to the end: SNS and the app grow, flyers fade. */
const SOURCE_WEIGHTS_START = [0.26, 0.26, 0.12, 0.08, 0.18, 0.1];
const SOURCE_WEIGHTS_DRIFT = [0, 0, 0.1, 0, -0.12, 0.08];
/** SNS bargain hunters churn faster; referred friends stay longer. */
const SOURCE_DROPOUT_FACTOR = [1, 0.95, 1.25, 0.75, 0.9, 1];
/** Referrers are picked by a tournament on purchase rate: active customers refer more. */
const REFERRER_TOURNAMENT = 3;

interface Campaign {
  code: string;
  start: string;
  end: string;
  percentOff: number;
  yenOff: number;
  minOrder: number;
  useChance: number;
  membersOnly: boolean;
}

/** Seasonal campaigns: their windows lift purchases and sign-ups and their codes appear on orders. */
const CAMPAIGNS: readonly Campaign[] = [
  campaign('SPRING23', '2023-04-01', '2023-04-16', 10, 0, 0, 0.25),
  campaign('SUMMER23', '2023-07-14', '2023-08-20', 0, 500, 3000, 0.25),
  campaign('BLACKFRI23', '2023-11-17', '2023-11-30', 15, 0, 0, 0.35),
  campaign('XMAS23', '2023-12-08', '2023-12-25', 0, 1000, 8000, 0.3),
  campaign('NEWYEAR24', '2024-01-01', '2024-01-08', 10, 0, 0, 0.3),
  campaign('SPRING24', '2024-03-15', '2024-04-14', 10, 0, 0, 0.25),
  campaign('SUMMER24', '2024-07-12', '2024-08-18', 0, 500, 3000, 0.25),
  campaign('LAUNCH24', '2024-10-01', '2024-10-31', 0, 500, 2000, 0.45, true),
  campaign('BLACKFRI24', '2024-11-22', '2024-12-01', 15, 0, 0, 0.35),
  campaign('XMAS24', '2024-12-06', '2024-12-25', 0, 1000, 8000, 0.3),
  campaign('NEWYEAR25', '2025-01-01', '2025-01-07', 10, 0, 0, 0.3),
  campaign('SPRING25', '2025-03-14', '2025-04-13', 10, 0, 0, 0.25),
  campaign('SUMMER25', '2025-07-11', '2025-08-17', 0, 500, 3000, 0.25),
  campaign('MEMBER25', '2025-10-01', '2025-10-14', 10, 0, 0, 0.4, true),
  campaign('BLACKFRI25', '2025-11-21', '2025-11-30', 15, 0, 0, 0.35),
  campaign('XMAS25', '2025-12-05', '2025-12-25', 0, 1000, 8000, 0.3),
  campaign('NEWYEAR26', '2026-01-01', '2026-01-07', 10, 0, 0, 0.3),
  campaign('SPRING26', '2026-03-13', '2026-03-31', 10, 0, 0, 0.25)
];

/** Every code that can appear on an order; orders store an index into this list. */
const COUPON_CODES: readonly string[] = [...CAMPAIGNS.map((c) => c.code), 'WELCOME10', 'BDAY'];
const WELCOME_COUPON = COUPON_CODES.length - 2;
const BIRTHDAY_COUPON = COUPON_CODES.length - 1;
const NO_COUPON = -1;

function campaign(
  code: string,
  start: string,
  end: string,
  percentOff: number,
  yenOff: number,
  minOrder: number,
  useChance: number,
  membersOnly = false
): Campaign {
  return { code, start, end, percentOff, yenOff, minOrder, useChance, membersOnly };
}

const TOUCHPOINTS = ['購入後メール', 'アプリ', '店舗', 'カスタマーサポート'] as const;
const TP_MAIL = 0;
const TP_APP = 1;
const TP_STORE = 2;
const TP_SUPPORT = 3;
/** Share of answers that come from a support contact rather than the purchase itself. */
const SUPPORT_CONTACT = 0.06;
const SUPPORT_CONTACT_AFTER_BAD_ORDER = 0.5;

/** Comment phrases by tone; the touchpoint tag keeps store remarks off app surveys and so on. */
type Tone = 'positive' | 'neutral' | 'negative';
type PhraseTouchpoint = 'any' | 'mail' | 'app' | 'store' | 'support';
const PHRASES: readonly (readonly [Tone, PhraseTouchpoint, string])[] = [
  ['positive', 'mail', '配送が早くて助かります'],
  ['positive', 'any', 'ポイントがお得'],
  ['positive', 'any', 'ポイントが貯まりやすい'],
  ['positive', 'app', 'アプリが使いやすい'],
  ['positive', 'app', 'アプリでクーポンがすぐ使える'],
  ['positive', 'any', '品揃えが豊富'],
  ['positive', 'mail', '梱包が丁寧でした'],
  ['positive', 'store', '店員さんの対応が親切'],
  ['positive', 'store', '店内が見やすくて買い物しやすい'],
  ['positive', 'any', '誕生日クーポンが嬉しかった'],
  ['positive', 'any', 'いつも品質が安定している'],
  ['positive', 'any', 'ギフト包装がきれいでした'],
  ['positive', 'any', '会員特典が充実している'],
  ['positive', 'any', 'セールの時にまとめ買いしています'],
  ['positive', 'mail', '欲しい商品がすぐ見つかる'],
  ['positive', 'any', '友人にも勧めました'],
  ['positive', 'support', '問い合わせに丁寧に答えてもらえた'],
  ['positive', 'support', '返品対応がスムーズでした'],
  ['positive', 'mail', '送料無料ラインがちょうど良い'],
  ['positive', 'any', '新商品のお知らせが楽しみ'],
  ['positive', 'any', '子ども用品がそろっていて便利'],
  ['neutral', 'any', '特に不満はありません'],
  ['neutral', 'any', '普通に満足しています'],
  ['neutral', 'any', '価格がもう少し安ければ'],
  ['neutral', 'any', '品揃えは良いが在庫切れが多い'],
  ['neutral', 'app', 'アプリの動作が少し重い'],
  ['neutral', 'mail', '配送日時をもっと細かく指定できると良い'],
  ['neutral', 'any', 'ポイントの使い方が分かりにくい'],
  ['neutral', 'mail', '近くに店舗があれば行きたい'],
  ['neutral', 'any', 'メールの配信が多い'],
  ['neutral', 'any', 'クーポンの条件が少し厳しい'],
  ['neutral', 'mail', 'サイトの検索が使いにくいことがある'],
  ['neutral', 'store', 'レジが少し混んでいた'],
  ['neutral', 'support', '回答までに少し時間がかかった'],
  ['neutral', 'any', 'まあまあです'],
  ['negative', 'mail', '送料が高い'],
  ['negative', 'support', '問い合わせの返信が遅い'],
  ['negative', 'support', '電話がなかなかつながらない'],
  ['negative', 'support', '返金まで時間がかかった'],
  ['negative', 'mail', '配送が遅れた'],
  ['negative', 'mail', '商品が破損して届いた'],
  ['negative', 'mail', '注文と違う商品が届いた'],
  ['negative', 'any', '在庫切れが多い'],
  ['negative', 'app', 'アプリがよく落ちる'],
  ['negative', 'app', 'ログインが面倒'],
  ['negative', 'any', 'ポイントの有効期限が短い'],
  ['negative', 'any', '返品の手続きが面倒'],
  ['negative', 'any', '価格が高い'],
  ['negative', 'store', 'レジが混んでいて待たされた'],
  ['negative', 'store', '店員の対応が悪かった'],
  ['negative', 'mail', 'サイトが見にくい'],
  ['negative', 'any', 'クーポンが使えなかった'],
  ['negative', 'any', '会員ランクの条件が分かりにくい'],
  ['negative', 'mail', '梱包が過剰'],
  ['negative', 'any', 'メールが多すぎる']
];
/** Detractors write more often than promoters; passives least. */
const COMMENT_CHANCE: Readonly<Record<Tone, number>> = { positive: 0.55, neutral: 0.4, negative: 0.7 };
const SECOND_PHRASE_CHANCE = 0.25;

// ───────────────────────────── Random numbers ─────────────────────────────

/** A source of uniform numbers in [0, 1). */
type Rng = () => number;

/** MurmurHash3's finaliser: a bijection on 32-bit integers that spreads every input bit. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** sfc32 seeded through splitmix32: small, fast, and good enough statistically for simulation. */
function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    return mix32(s);
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/**
 * Customer `index`'s own stream, so the number of draws one customer makes (for instance with
 * the programme effect switched off) cannot shift any other customer's. mix32 is a bijection,
 * so for one seed distinct customers never share a starting state.
 */
function customerRng(seed: number, index: number): Rng {
  return createRng(mix32((mix32(seed) + index) | 0));
}

/** Box–Muller; using 1 − u keeps the logarithm finite. */
function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Marsaglia–Tsang; shapes below 1 use the boost Gamma(a) = Gamma(a + 1)·U^(1/a). */
function gamma(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) return gamma(rng, shape + 1, scale) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a, 1);
  return x / (x + gamma(rng, b, 1));
}

function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng()) / rate;
}

/** Knuth's method: fine for the small means used for quantities. */
function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

function uniformInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Cumulative weights for O(log n) weighted picks (a plain array: cheaper to create than a typed one). */
interface Picker {
  cumulative: number[];
}

function makePicker(weights: readonly number[]): Picker {
  const cumulative = new Array<number>(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += Math.max(0, weights[i]);
    cumulative[i] = total;
  }
  return { cumulative };
}

function pick(rng: Rng, picker: Picker): number {
  const c = picker.cumulative;
  const target = rng() * c[c.length - 1];
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ───────────────────────────── Calendar ─────────────────────────────

/** Days since 1970-01-01 for a proleptic Gregorian date (Hinnant's algorithm; no Date needed). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function parseIsoDate(iso: string): number {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

const PAD2: readonly string[] = Array.from({ length: 60 }, (_, i) => (i < 10 ? '0' : '') + i);

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${PAD2[month]}-${PAD2[day]}`;
}

/** Everything the simulation needs per day of the period, computed once. */
interface Calendar {
  length: number;
  launch: number;
  iso: string[];
  year: Int32Array;
  /** 1..12 */
  month: Int32Array;
  /** Index into CAMPAIGNS of the campaign running that day, or −1. */
  campaign: Int32Array;
  /** Purchase intensity relative to an ordinary weekday, and its maximum (for thinning). */
  purchaseFactor: Float64Array;
  maxPurchaseFactor: number;
  acquisition: Picker;
}

function buildCalendar(): Calendar {
  const first = parseIsoDate(PERIOD_START);
  const length = parseIsoDate(PERIOD_END) - first + 1;
  const launch = parseIsoDate(PROGRAMME_LAUNCH) - first;
  const iso: string[] = new Array<string>(length);
  const year = new Int32Array(length);
  const month = new Int32Array(length);
  const campaignOfDay = new Int32Array(length).fill(-1);
  for (let c = 0; c < CAMPAIGNS.length; c++) {
    const from = Math.max(0, parseIsoDate(CAMPAIGNS[c].start) - first);
    const to = Math.min(length - 1, parseIsoDate(CAMPAIGNS[c].end) - first);
    for (let d = from; d <= to; d++) campaignOfDay[d] = c;
  }
  const purchaseFactor = new Float64Array(length);
  const acquisitionWeights: number[] = new Array<number>(length);
  let maxPurchaseFactor = 0;
  for (let d = 0; d < length; d++) {
    const [y, m, day] = civilFromDays(first + d);
    iso[d] = isoDate(y, m, day);
    year[d] = y;
    month[d] = m;
    // 1970-01-01 was a Thursday; 0 = Sunday, 6 = Saturday.
    const dow = (((first + d + 4) % 7) + 7) % 7;
    const weekend = dow === 0 || dow === 6;
    const inCampaign = campaignOfDay[d] >= 0;
    purchaseFactor[d] =
      PURCHASE_MONTH_FACTOR[m - 1] *
      (weekend ? WEEKEND_PURCHASE_LIFT : 1) *
      (inCampaign ? CAMPAIGN_PURCHASE_LIFT : 1);
    maxPurchaseFactor = Math.max(maxPurchaseFactor, purchaseFactor[d]);
    const launchMonth = d >= launch && d < launch + 31;
    acquisitionWeights[d] =
      (1 + (ACQUISITION_GROWTH * d) / length + OPENING_BOOST * Math.exp(-d / OPENING_DECAY_DAYS)) *
      ACQUISITION_MONTH_FACTOR[m - 1] *
      (inCampaign ? CAMPAIGN_ACQUISITION_LIFT : 1) *
      (launchMonth ? LAUNCH_MONTH_ACQUISITION_LIFT : 1);
  }
  return {
    length,
    launch,
    iso,
    year,
    month,
    campaign: campaignOfDay,
    purchaseFactor,
    maxPurchaseFactor,
    acquisition: makePicker(acquisitionWeights)
  };
}

// ───────────────────────────── Customers ─────────────────────────────

interface Customer {
  signupDay: number;
  /** Day of the first order, or −1 for accounts that never order. */
  firstOrderDay: number;
  /** Orders per day while active (BG/NBD λ) and drop-out chance after each order (BG/NBD p). */
  rate: number;
  dropout: number;
  /** Mean order value in yen. */
  spend: number;
  /** Self-selection into the programme: higher for frequent, big spenders. */
  joinPropensity: number;
  prefecture: number;
  gender: number;
  ageBand: number;
  birthday: string;
  birthMonth: number;
  source: number;
  referrer: number;
  channel: number;
  homeStore: number;
  favouriteCategory: number;
  memberDay: number;
  memberSpend: number;
  points: number;
  birthdayCouponYear: number;
  lastSurveyDay: number;
}

/** Reference distributions shared by all customers. */
interface Distributions {
  prefecture: Picker;
  gender: Picker;
  ageBand: Picker;
  hour: Picker[];
  /** Category mix per month (index 0 = January), seasonality included. */
  categoryByMonth: Picker[];
  meanRate: number;
}

function buildDistributions(): Distributions {
  const prefectureWeights = PREFECTURES.map(([name, population]) => population * (URBAN_BOOST[name] ?? 1));
  const categoryByMonth: Picker[] = [];
  for (let m = 0; m < 12; m++) {
    categoryByMonth.push(makePicker(CATEGORIES.map((c) => c.weight * (c.season ? c.season[m] : 1))));
  }
  return {
    prefecture: makePicker(prefectureWeights),
    gender: makePicker(GENDER_WEIGHTS),
    ageBand: makePicker(AGE_BAND_WEIGHTS),
    hour: HOUR_WEIGHTS.map((w) => makePicker(w)),
    categoryByMonth,
    meanRate: RATE_SHAPE * RATE_SCALE
  };
}

/** Sign-up days for n customers, ascending, so ids follow registration order. */
function drawSignupDays(rng: Rng, cal: Calendar, n: number): Int32Array {
  const days = new Int32Array(n);
  for (let i = 0; i < n; i++) days[i] = pick(rng, cal.acquisition);
  return days.sort();
}

function drawSource(rng: Rng, dayFraction: number): number {
  const weights = SOURCE_WEIGHTS_START.map((w, i) => w + SOURCE_WEIGHTS_DRIFT[i] * dayFraction);
  return pick(rng, makePicker(weights));
}

/** Channel mix of the day: the app gains share over time at the expense of the website. */
function drawChannel(rng: Rng, dayFraction: number): number {
  const u = rng();
  const app = APP_SHARE_START + APP_SHARE_GROWTH * dayFraction;
  if (u < app) return APP;
  if (u < app + STORE_SHARE) return STORE;
  return EC;
}

function drawPreferredChannel(rng: Rng, source: number, dayFraction: number): number {
  if (source === APP_STORE && chance(rng, 0.85)) return APP;
  if (source === FLYER && chance(rng, 0.5)) return STORE;
  return drawChannel(rng, dayFraction);
}

/** Favourite category leans on gender and life stage (beauty, appliances, baby goods). */
function drawFavouriteCategory(rng: Rng, gender: number, ageBand: number): number {
  const weights = CATEGORIES.map((c) => c.weight);
  if (gender === 0) weights[BEAUTY] *= 1.6;
  if (gender === 1) {
    weights[BEAUTY] *= 0.5;
    weights[APPLIANCES] *= 1.8;
  }
  if (ageBand === 2) weights[BABY] *= 2.5;
  else if (ageBand !== 3) weights[BABY] *= 0.5;
  return pick(rng, makePicker(weights));
}

/** Ages are stated at the end of the period, so 年代 and 誕生日 agree there. */
const [END_YEAR, END_MONTH, END_DAY] = civilFromDays(parseIsoDate(PERIOD_END));
/** Month and day of each day of a common year: birthdays never fall on 29 February. */
const COMMON_YEAR_DAYS: readonly (readonly [number, number])[] = Array.from({ length: 365 }, (_, i) => {
  const [, month, day] = civilFromDays(daysFromCivil(2025, 1, 1) + i);
  return [month, day] as const;
});

function drawBirthday(rng: Rng, ageBand: number): { iso: string; month: number } {
  const [month, day] = COMMON_YEAR_DAYS[uniformInt(rng, 0, 364)];
  const [minAge, maxAge] = AGE_BAND_RANGE[ageBand];
  const age = uniformInt(rng, minAge, maxAge);
  const hadBirthdayByEnd = month < END_MONTH || (month === END_MONTH && day <= END_DAY);
  const year = END_YEAR - age - (hadBirthdayByEnd ? 0 : 1);
  return { iso: isoDate(year, month, day), month };
}

/** Most buy on the day they register; some come back within days or a couple of weeks. */
function drawFirstOrderLag(rng: Rng): number {
  const u = rng();
  if (u < 0.8) return 0;
  if (u < 0.92) return uniformInt(rng, 1, 3);
  return uniformInt(rng, 4, 14);
}

/** Active customers refer more: the best of a few random earlier customers is the referrer. */
function drawReferrer(rng: Rng, customers: readonly Customer[], earlierCount: number): number {
  let best = -1;
  for (let k = 0; k < REFERRER_TOURNAMENT; k++) {
    const candidate = Math.floor(rng() * earlierCount);
    if (best < 0 || customers[candidate].rate > customers[best].rate) best = candidate;
  }
  return best;
}

function createCustomers(rng: Rng, cal: Calendar, dist: Distributions, n: number): Customer[] {
  const signupDays = drawSignupDays(rng, cal, n);
  const customers: Customer[] = [];
  let firstOfDay = 0;
  for (let i = 0; i < n; i++) {
    const signupDay = signupDays[i];
    if (i > 0 && signupDay !== signupDays[i - 1]) firstOfDay = i;
    const dayFraction = signupDay / cal.length;
    let source = drawSource(rng, dayFraction);
    // A referrer must have registered on an earlier day; the very first customers cannot be referred.
    if (source === REFERRAL && firstOfDay === 0) source = SEARCH_ADS;
    const referrer = source === REFERRAL ? drawReferrer(rng, customers, firstOfDay) : -1;
    const gender = pick(rng, dist.gender);
    const ageBand = pick(rng, dist.ageBand);
    const birthday = drawBirthday(rng, ageBand);
    const hasBirthday = !chance(rng, BIRTHDAY_MISSING);
    const showAgeBand = hasBirthday || !chance(rng, AGE_BAND_MISSING_WITHOUT_BIRTHDAY);
    const prefecture = pick(rng, dist.prefecture);
    const regionStores = STORES_BY_REGION[PREFECTURES[prefecture][2]];
    const rate = gamma(rng, RATE_SHAPE, RATE_SCALE);
    const spend = SPEND_MEDIAN_YEN * Math.exp(SPEND_SIGMA * normal(rng));
    const firstOrderDay = chance(rng, NEVER_ORDER_SHARE) ? -1 : signupDay + drawFirstOrderLag(rng);
    customers.push({
      signupDay,
      firstOrderDay: firstOrderDay < cal.length ? firstOrderDay : -1,
      rate,
      dropout: Math.min(0.98, beta(rng, DROPOUT_A, DROPOUT_B) * SOURCE_DROPOUT_FACTOR[source]),
      spend,
      joinPropensity: Math.min(
        JOIN_PROPENSITY_CAP,
        Math.sqrt(rate / dist.meanRate) * Math.sqrt(spend / SPEND_MEDIAN_YEN)
      ),
      prefecture,
      gender: gender < GENDERS.length ? gender : -1,
      ageBand: showAgeBand ? ageBand : -1,
      birthday: hasBirthday ? birthday.iso : '',
      birthMonth: hasBirthday ? birthday.month : 0,
      source,
      referrer,
      channel: drawPreferredChannel(rng, source, dayFraction),
      homeStore: STORES.indexOf(regionStores[Math.floor(rng() * regionStores.length)]),
      favouriteCategory: drawFavouriteCategory(rng, gender, ageBand),
      memberDay: -1,
      memberSpend: 0,
      points: 0,
      birthdayCouponYear: 0,
      lastSurveyDay: -SURVEY_MIN_GAP_DAYS
    });
  }
  return customers;
}

function tierOf(memberSpend: number): number {
  let tier = 0;
  while (tier + 1 < TIERS.length && memberSpend >= TIER_MIN_SPEND[tier + 1]) tier++;
  return tier;
}

// ───────────────────────────── Orders and answers ─────────────────────────────

interface Order {
  /** Seconds since the start of the period, for sorting and formatting. */
  time: number;
  day: number;
  customer: number;
  amount: number;
  status: number;
  channel: number;
  store: number;
  category: number;
  quantity: number;
  /** Index into COUPON_CODES or NO_COUPON. */
  coupon: number;
  pointsEarned: number;
  pointsUsed: number;
}

interface Answer {
  day: number;
  customer: number;
  score: number;
  comment: string;
  touchpoint: number;
}

/**
 * What every customer's simulation shares: read-only tables and the output lists, which are only
 * appended to. Random numbers are not in here: each customer draws from their own stream.
 */
interface World {
  cal: Calendar;
  dist: Distributions;
  customers: Customer[];
  orders: Order[];
  answers: Answer[];
  phrases: Record<Tone, string[][]>;
  /** What joining does to purchase rate and drop-out: MEMBER_EFFECT, or none for the counterfactual. */
  effect: { readonly rateLift: number; readonly dropoutFactor: number };
}

/** Order time of day by channel; stores only trade in opening hours. */
function drawTime(world: World, rng: Rng, day: number, channel: number): number {
  const hour = pick(rng, world.dist.hour[channel]);
  return day * 86400 + hour * 3600 + Math.floor(rng() * 3600);
}

function drawOrderChannel(world: World, rng: Rng, c: Customer, day: number): number {
  if (chance(rng, PREFERRED_CHANNEL_SHARE)) return c.channel;
  return drawChannel(rng, day / world.cal.length);
}

function drawStore(rng: Rng, c: Customer): number {
  if (chance(rng, HOME_STORE_SHARE)) return c.homeStore;
  return Math.floor(rng() * STORES.length);
}

function drawCategory(world: World, rng: Rng, c: Customer, day: number): number {
  if (chance(rng, FAVOURITE_CATEGORY_SHARE)) return c.favouriteCategory;
  return pick(rng, world.dist.categoryByMonth[world.cal.month[day] - 1]);
}

function drawStatus(rng: Rng): number {
  const u = rng();
  if (u < CANCEL_SHARE) return 1;
  if (u < CANCEL_SHARE + RETURN_SHARE) return 2;
  return COMPLETED;
}

/** Welcome coupon on the first order, birthday coupon for members, else the running campaign. */
function drawCoupon(
  world: World,
  rng: Rng,
  c: Customer,
  day: number,
  isFirst: boolean,
  gross: number
): [number, number] {
  const { cal } = world;
  const isMember = c.memberDay >= 0;
  if (isFirst && chance(rng, WELCOME_USE)) return [WELCOME_COUPON, Math.round((gross * WELCOME_PERCENT) / 100)];
  const year = cal.year[day];
  if (
    isMember &&
    c.birthMonth === cal.month[day] &&
    c.birthdayCouponYear !== year &&
    gross > BIRTHDAY_YEN * 2 &&
    chance(rng, BIRTHDAY_USE)
  ) {
    c.birthdayCouponYear = year;
    return [BIRTHDAY_COUPON, BIRTHDAY_YEN];
  }
  const index = cal.campaign[day];
  if (index < 0) return [NO_COUPON, 0];
  const cam = CAMPAIGNS[index];
  if (cam.membersOnly && !isMember) return [NO_COUPON, 0];
  if (gross < cam.minOrder || !chance(rng, cam.useChance)) return [NO_COUPON, 0];
  return [index, cam.yenOff > 0 ? cam.yenOff : Math.round((gross * cam.percentOff) / 100)];
}

/** Checkout enrolment after launch; valuable customers accept far more often. */
function maybeJoin(world: World, rng: Rng, c: Customer, day: number): void {
  if (c.memberDay >= 0 || day < world.cal.launch) return;
  if (!chance(rng, Math.min(0.9, JOIN_PER_ORDER * c.joinPropensity))) return;
  c.memberDay = day;
  if (c.channel !== APP && chance(rng, MEMBER_SWITCH_TO_APP)) c.channel = APP;
}

function maybeJoinAtSignup(world: World, rng: Rng, c: Customer): void {
  if (c.signupDay < world.cal.launch || c.firstOrderDay < 0) return;
  const appBoost = c.source === APP_STORE ? 1.5 : 1;
  if (!chance(rng, Math.min(0.8, JOIN_AT_SIGNUP * c.joinPropensity * appBoost))) return;
  c.memberDay = c.signupDay;
}

function placeOrder(world: World, rng: Rng, index: number, day: number, isFirst: boolean): Order {
  const c = world.customers[index];
  maybeJoin(world, rng, c, day);
  const channel = drawOrderChannel(world, rng, c, day);
  const category = drawCategory(world, rng, c, day);
  const cat = CATEGORIES[category];
  const quantity = 1 + poisson(rng, cat.meanQuantity - 1);
  const basket = c.spend * cat.priceFactor * gamma(rng, ORDER_VALUE_SHAPE, 1 / ORDER_VALUE_SHAPE);
  const unitValue = basket / cat.meanQuantity;
  const unitPrice = Math.max(MIN_UNIT_PRICE_YEN, Math.round(unitValue / 10) * 10);
  const gross = unitPrice * quantity;
  const [coupon, discount] = drawCoupon(world, rng, c, day, isFirst, gross);
  const status = drawStatus(rng);
  const isMember = c.memberDay >= 0;
  let pointsUsed = 0;
  if (isMember && status === COMPLETED && c.points >= POINT_USE_MIN_BALANCE && chance(rng, POINT_USE_CHANCE)) {
    pointsUsed = Math.min(c.points, Math.floor((gross - discount) * POINT_USE_MAX_SHARE));
  }
  const amount = gross - discount - pointsUsed;
  let pointsEarned = 0;
  if (isMember && status === COMPLETED) {
    pointsEarned = Math.floor(amount * TIER_POINT_RATE[tierOf(c.memberSpend)]);
    c.memberSpend += amount;
    c.points += pointsEarned - pointsUsed;
  }
  return {
    time: drawTime(world, rng, day, channel),
    day,
    customer: index,
    amount,
    status,
    channel,
    store: channel === STORE ? drawStore(rng, c) : -1,
    category,
    quantity,
    coupon,
    pointsEarned,
    pointsUsed
  };
}

/** Score from behaviour: members and heavy buyers higher; a customer about to leave, lower. */
function drawScore(
  world: World,
  rng: Rng,
  c: Customer,
  order: Order,
  leaving: boolean,
  touchpoint: number
): number {
  const z =
    SCORE_BASE +
    (c.memberDay >= 0 ? SCORE_MEMBER : 0) +
    0.5 * Math.max(-2, Math.min(2, Math.log(c.rate / world.dist.meanRate))) +
    (leaving ? SCORE_CHURN : 0) +
    (order.status !== COMPLETED ? SCORE_BAD_ORDER : 0) +
    (touchpoint === TP_SUPPORT ? SCORE_SUPPORT : 0) +
    (c.source === REFERRAL ? SCORE_REFERRED : 0) +
    SCORE_NOISE * normal(rng);
  return Math.max(0, Math.min(10, Math.round(z)));
}

function toneOf(score: number): Tone {
  if (score >= 9) return 'positive';
  if (score >= 7) return 'neutral';
  return 'negative';
}

function drawComment(world: World, rng: Rng, score: number, touchpoint: number): string {
  const tone = toneOf(score);
  if (!chance(rng, COMMENT_CHANCE[tone])) return '';
  const pool = world.phrases[tone][touchpoint];
  const first = pool[Math.floor(rng() * pool.length)];
  if (!chance(rng, SECOND_PHRASE_CHANCE)) return first;
  const second = pool[Math.floor(rng() * pool.length)];
  return second === first ? first : `${first}。${second}`;
}

function touchpointOf(rng: Rng, order: Order): number {
  const supportChance = order.status === COMPLETED ? SUPPORT_CONTACT : SUPPORT_CONTACT_AFTER_BAD_ORDER;
  if (chance(rng, supportChance)) return TP_SUPPORT;
  if (order.channel === STORE) return TP_STORE;
  return order.channel === APP ? TP_APP : TP_MAIL;
}

/** A post-purchase survey now and then, answered within days (same day or next in store). */
function maybeSurvey(world: World, rng: Rng, order: Order, leaving: boolean): void {
  const { cal } = world;
  const c = world.customers[order.customer];
  if (order.day - c.lastSurveyDay < SURVEY_MIN_GAP_DAYS || !chance(rng, SURVEY_CHANCE)) return;
  const touchpoint = touchpointOf(rng, order);
  const day = order.day + (touchpoint === TP_STORE ? uniformInt(rng, 0, 1) : uniformInt(rng, 1, 6));
  if (day >= cal.length) return;
  c.lastSurveyDay = day;
  const score = drawScore(world, rng, c, order, leaving, touchpoint);
  const comment = drawComment(world, rng, score, touchpoint);
  world.answers.push({ day, customer: order.customer, score, comment, touchpoint });
}

/**
 * One customer's life: purchases arrive as a Poisson process (thinned by the calendar's
 * seasonality) until the customer drops out after some purchase or the period ends. It changes
 * only this customer, draws only from `rng` (the customer's own stream) and only appends to the
 * shared lists, so no customer depends on another. The programme effect enters only the drop-out
 * chance and the rate after a member's order: until then, the draws, and with them the orders,
 * answers and join day, are the same with or without it.
 */
function simulateCustomer(world: World, rng: Rng, index: number): void {
  const { cal, effect } = world;
  const c = world.customers[index];
  if (c.firstOrderDay < 0) return;
  maybeJoinAtSignup(world, rng, c);
  let day = c.firstOrderDay;
  let t = day + rng();
  let isFirst = true;
  for (;;) {
    const order = placeOrder(world, rng, index, day, isFirst);
    world.orders.push(order);
    const member = c.memberDay >= 0;
    const leaving = chance(rng, c.dropout * (member ? effect.dropoutFactor : 1));
    maybeSurvey(world, rng, order, leaving);
    if (leaving) return;
    isFirst = false;
    const rate = c.rate * (member ? effect.rateLift : 1) * cal.maxPurchaseFactor;
    const lastDay = day;
    // At most one order a day: CLV models count purchase days anyway, and it keeps the
    // first order (and its welcome coupon) first in time.
    do {
      t += exponential(rng, rate);
      day = Math.floor(t);
      if (day >= cal.length) return;
    } while (day === lastDay || !chance(rng, cal.purchaseFactor[day] / cal.maxPurchaseFactor));
  }
}

function buildPhrasePools(): Record<Tone, string[][]> {
  const tags: readonly PhraseTouchpoint[] = ['mail', 'app', 'store', 'support'];
  const pools: Record<Tone, string[][]> = { positive: [], neutral: [], negative: [] };
  for (const tone of ['positive', 'neutral', 'negative'] as const) {
    pools[tone] = tags.map((tag) =>
      PHRASES.filter(([t, where]) => t === tone && (where === 'any' || where === tag)).map(([, , text]) => text)
    );
  }
  return pools;
}

// ───────────────────────────── CSV ─────────────────────────────

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quote only when needed, double embedded quotes. */
function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Collects lines and joins them in chunks: one 200,000-element join of template-literal
 * ropes is several times slower and creates far more garbage than flattening as we go.
 */
class LineWriter {
  private readonly chunks: string[] = [];
  private pending: string[] = [];

  push(line: string): void {
    this.pending.push(line);
    if (this.pending.length === 2048) this.flush();
  }

  toString(): string {
    this.flush();
    return this.chunks.join('\n') + '\n';
  }

  private flush(): void {
    if (this.pending.length > 0) this.chunks.push(this.pending.join('\n'));
    this.pending = [];
  }
}

/** Ids like C00042 / O000123, widened only when the count needs more digits. */
function formatIds(prefix: string, minWidth: number, count: number): string[] {
  const width = Math.max(minWidth, String(count).length);
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i++) ids[i] = prefix + String(i + 1).padStart(width, '0');
  return ids;
}

/** "HH:" and "MM:SS" pieces, so a timestamp costs two lookups instead of six concatenations. */
const HOUR_TEXT: readonly string[] = PAD2.slice(0, 24).map((h) => `${h}:`);
const MINUTE_SECOND_TEXT: readonly string[] = Array.from(
  { length: 3600 },
  (_, i) => `${PAD2[Math.floor(i / 60)]}:${PAD2[i % 60]}`
);

function formatTime(cal: Calendar, time: number): string {
  const day = Math.floor(time / 86400);
  const rest = time - day * 86400;
  const hour = Math.floor(rest / 3600);
  return `${cal.iso[day]} ${HOUR_TEXT[hour]}${MINUTE_SECOND_TEXT[rest - hour * 3600]}`;
}

const ORDERS_HEADER = '注文番号,顧客ID,注文日時,金額,ステータス,チャネル,店舗,カテゴリ,数量,クーポンコード,獲得ポイント,利用ポイント';
const CUSTOMERS_HEADER = '顧客ID,登録日,入会日,会員ランク,誕生日,都道府県,性別,年代,流入元,紹介者ID';
const NPS_HEADER = '回答日,顧客ID,推奨度,コメント,接点';

/**
 * Orders in time order. Sorting one number per order (time, then generation order, packed
 * into a double) is much faster than a comparator over objects and just as deterministic.
 */
function chronological(orders: readonly Order[]): Order[] {
  const n = orders.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = orders[i].time * n + i;
  keys.sort();
  const sorted = new Array<Order>(n);
  for (let i = 0; i < n; i++) sorted[i] = orders[keys[i] % n];
  return sorted;
}

function ordersCsv(world: World, customerIds: readonly string[]): string {
  const orders = chronological(world.orders);
  const orderIds = formatIds('O', 6, orders.length);
  const stores = ['', ...STORES.map(csvField)];
  const categories = CATEGORIES.map((c) => csvField(c.name));
  const coupons = ['', ...COUPON_CODES.map(csvField)];
  const out = new LineWriter();
  out.push(ORDERS_HEADER);
  for (let i = 0; i < orders.length; i++) {
    const o = orders[i];
    out.push(
      `${orderIds[i]},${customerIds[o.customer]},${formatTime(world.cal, o.time)},${o.amount},` +
        `${STATUS[o.status]},${CHANNELS[o.channel]},${stores[o.store + 1]},${categories[o.category]},` +
        `${o.quantity},${coupons[o.coupon + 1]},${o.pointsEarned},${o.pointsUsed}`
    );
  }
  return out.toString();
}

function customersCsv(world: World, customerIds: readonly string[]): string {
  const { cal } = world;
  const out = new LineWriter();
  out.push(CUSTOMERS_HEADER);
  for (let i = 0; i < world.customers.length; i++) {
    const c = world.customers[i];
    const member = c.memberDay >= 0;
    out.push(
      [
        customerIds[i],
        cal.iso[c.signupDay],
        member ? cal.iso[c.memberDay] : '',
        member ? TIERS[tierOf(c.memberSpend)] : '',
        c.birthday,
        PREFECTURES[c.prefecture][0],
        c.gender >= 0 ? GENDERS[c.gender] : '',
        c.ageBand >= 0 ? AGE_BANDS[c.ageBand] : '',
        SOURCES[c.source],
        c.referrer >= 0 ? customerIds[c.referrer] : ''
      ]
        .map(csvField)
        .join(',')
    );
  }
  return out.toString();
}

function npsCsv(world: World, customerIds: readonly string[]): string {
  const answers = world.answers.slice().sort((a, b) => a.day - b.day);
  const out = new LineWriter();
  out.push(NPS_HEADER);
  for (const a of answers) {
    out.push(
      `${world.cal.iso[a.day]},${customerIds[a.customer]},${a.score},${csvField(a.comment)},${TOUCHPOINTS[a.touchpoint]}`
    );
  }
  return out.toString();
}

// ───────────────────────────── Entry point ─────────────────────────────

export interface DemoOptions {
  /**
   * false: joining the programme changes nothing about buying (rate and drop-out factors 1).
   * The same seed then gives the very same customers, join dates and history up to each join
   * day, and differs only by the missing effect after it: the true counterfactual, against
   * which a programme-effect analysis can be checked. Default true.
   */
  memberEffect?: boolean;
}

/**
 * Generate the demo files. `scale` 1 gives about 30,000 customers and 200,000 orders;
 * counts scale linearly (0.05 makes a quick test set). Customers are created from one stream
 * of the seed, and each then lives on a stream of their own (seed and index), which is what
 * makes `options.memberEffect` a clean switch. Order numbers count orders across the whole shop
 * in time order, so they are the one thing a customer's history shifts for others.
 */
export function generateDemo(seed: number = DEMO_SEED, scale = 1, options: DemoOptions = {}): DemoFile[] {
  const rng = createRng(seed);
  const cal = buildCalendar();
  const dist = buildDistributions();
  const n = Math.max(1, Math.round(CUSTOMERS_AT_SCALE_1 * scale));
  const world: World = {
    cal,
    dist,
    customers: createCustomers(rng, cal, dist, n),
    orders: [],
    answers: [],
    phrases: buildPhrasePools(),
    effect: options.memberEffect === false ? NO_MEMBER_EFFECT : MEMBER_EFFECT
  };
  for (let i = 0; i < n; i++) simulateCustomer(world, customerRng(seed, i), i);
  const customerIds = formatIds('C', 5, n);
  return [
    { name: 'orders.csv', text: ordersCsv(world, customerIds) },
    { name: 'customers.csv', text: customersCsv(world, customerIds) },
    { name: 'nps.csv', text: npsCsv(world, customerIds) }
  ];
}
