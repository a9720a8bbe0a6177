/**
 * Proposing a role for each column from its header (English and Japanese synonyms, as real
 * exports spell them) and, failing that, from the shape of its values.
 */
import { CAMPAIGN_ROLES, CUSTOMER_ROLES, SCORE_SCALES, type ColumnPlan, type DateOrder, type FileKind, type IdentityKey, type Role, type ScaleReason, type ScoreScale } from './types';

/** Headers are compared after width folding, lower-casing and removing separators. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/^\uFEFF+/, '')
    .toLowerCase()
    .replace(/[\s_\-・.()（）【】「」:：#＃/]/g, '');
}

// Exact matches after normalisation. Roles are tried in the order of this table, so more
// specific roles come first. Inside a role, earlier names are preferred when several columns
// claim it (an export with both 小計 and 合計, or Subtotal and Total, means the total).
const SYNONYMS: [Role, string[]][] = [
  ['points_earned', ['pointsearned', 'earnedpoints', '獲得ポイント', '今回獲得ポイント', '付与ポイント', '加算ポイント', '獲得pt']],
  ['points_used', ['pointsused', 'pointsredeemed', 'ポイント利用額', '利用ポイント', 'ポイント利用', '使用ポイント', 'ポイント使用額', '利用pt']],
  ['refund', ['refund', 'refundamount', 'refunded', '返金額', '返金金額', '返品金額', '返金']],
  ['member_since', ['membersince', 'joindate', 'joined', 'enrollmentdate', 'enrolled', 'enrolldate', 'applicationdate', 'membershipdate', '入会日', '会員入会日', '加入日', 'プログラム加入日', '入会年月日']],
  ['signup_date', ['signupdate', 'signup', 'registered', 'registrationdate', 'registeredat', 'accountcreated', '登録日', '会員登録日', '新規登録日', '登録日時', '会員登録日時', '初回登録日']],
  ['birthday', ['birthday', 'birthdate', 'dateofbirth', 'dob', 'birthday', '誕生日', '生年月日']],
  ['response_date', ['responsedate', 'surveydate', 'answeredat', 'submittedat', 'responsetime', 'completedat', '回答日', '回答日時', '回答日付']],
  ['order_time', ['ordertime', 'time', 'purchasetime', '注文時間', '注文時刻', '時間', '時刻', '購入時刻', '購入時間', '受注時間']],
  ['order_date', ['orderdate', 'date', 'purchasedate', 'invoicedate', 'transactiondate', 'transactiontimestamp', 'orderedat', 'orderdatetime', 'purchasedat', 'saledate', 'day', '注文日', '注文日時', '受注日', '受注日時', '購入日', '購入日時', '売上日', '日付', '取引日', '取引日時', '購入日付', '注文日付', '売上日時', '計上日']],
  ['order_id', ['orderid', 'orderno', 'ordernumber', 'invoice', 'invoiceno', 'invoicenumber', 'invoiceid', 'transactionid', 'basketid', 'receiptno', 'receiptid', '注文id', '注文番号', '受注コード', '受注番号', '受注id', '注文コード', '伝票番号', 'レシート番号', '取引id', '取引番号', 'オーダーid', 'オーダー番号']],
  ['customer_id', ['customerid', 'custid', 'cust', 'customer', 'customerno', 'customernumber', 'customercode', 'clientid', 'userid', 'memberid', 'memberno', 'householdid', 'householdkey', 'buyerid', 'accountid', '顧客id', '顧客番号', '顧客コード', '会員id', '会員番号', '会員コード', 'ユーザーid', '購入者id', '顧客no', '会員no', 'お客様番号', '顧客']],
  ['email', ['email', 'emailaddress', 'mail', 'mailaddress', 'メールアドレス', 'メール', '購入者メールアドレス', '注文者メールアドレス', 'eメール', 'eメールアドレス']],
  ['phone', ['phone', 'phonenumber', 'tel', 'telephone', 'mobile', '電話番号', '電話', '注文者電話番号', '購入者電話番号', '携帯電話番号']],
  ['name', ['name', 'customername', 'fullname', '氏名', '名前', '顧客名', '注文者氏名', '注文者名', '購入者名', '購入者氏名', 'お名前', '会員名']],
  ['amount', ['合計金額', '合計', '総額', '注文金額', '購入金額', 'お支払い金額', 'お支払い合計', '支払い合計', '注文合計', '支払合計', '支払い金額', '支払金額', '決済金額', '請求金額', '税込金額', '売上金額', '売上', '売上高', '金額', '購入額', '小計',
    'total', 'ordertotal', 'totalamount', 'grandtotal', 'totalprice', 'amount', 'salesvalue', 'sales', 'netsales', 'revenue', 'value', 'dollarvalue', 'spend', 'subtotal']],
  ['unit_price', ['unitprice', 'price', 'itemprice', '単価', '商品単価', '販売単価', '価格', '販売価格']],
  ['quantity', ['quantity', 'qty', 'numberofcds', 'units', 'count', '数量', '個数', '点数', '購入数', '注文数']],
  ['status', ['status', 'orderstatus', 'financialstatus', '対応状況', 'ステータス', '注文ステータス', '受注ステータス', '状態', '注文状態']],
  ['channel', ['channel', 'saleschannel', 'orderchannel', '販売チャネル', 'チャネル', 'チャネル名', '購入経路', '注文経路', '販売経路']],
  ['store', ['store', 'shop', 'storename', 'storeid', 'storecd', 'shopname', '店舗', '店舗名', '店舗コード', 'ショップ', '店名']],
  ['category', ['category', 'productcategory', 'department', '商品カテゴリ', 'カテゴリ', 'カテゴリー', 'カテゴリ名', '部門', '大分類', '商品分類']],
  ['coupon', ['coupon', 'couponcode', 'couponid', 'couponupc', 'couponno', 'promocode', 'discountcode', 'vouchercode', 'voucher', 'クーポン', 'クーポンコード', 'クーポンid', 'クーポン番号', 'クーポン名']],
  ['campaign_type', ['campaigntype', 'campaignkind', 'campaigncategory', 'キャンペーン種別', 'キャンペーンタイプ', 'キャンペーン区分', 'キャンペーン種類', '施策種別', '施策区分', '配信種別']],
  ['campaign', ['campaignid', 'campaign', 'campaigncode', 'campaignno', 'campaignnumber', 'campaignname', 'promotionid', 'キャンペーンid', 'キャンペーンコード', 'キャンペーン番号', 'キャンペーンno', 'キャンペーン', 'キャンペーン名', '施策id', '施策コード', '施策番号', '施策名', '配信id']],
  ['redemption_date', ['redemptiondate', 'redeemedat', 'redeemeddate', 'redeemed', 'useddate', 'usedat', 'usagedate', '利用日', '利用日時', '使用日', '使用日時', 'クーポン利用日', 'クーポン使用日', '利用年月日', '引換日']],
  // A targeting file's date is when the campaign was sent to that customer: its start for them.
  ['start_date', ['startdate', 'start', 'startedat', 'startsat', 'begindate', 'validfrom', 'sentdate', 'sentat', 'senddate', 'deliverydate', 'issuedate', 'issuedat',
    '開始日', '開始日時', '開始', 'キャンペーン開始日', '期間開始日', '期間開始', '配信開始日', '有効開始日', '配信日', '配信日時', '送信日', '送信日時', '送付日', '配布日', '発行日']],
  ['end_date', ['enddate', 'end', 'endedat', 'endsat', 'validto', 'validuntil', 'expirydate', 'expiresat', 'expirationdate',
    '終了日', '終了日時', '終了', 'キャンペーン終了日', '期間終了日', '期間終了', '配信終了日', '有効終了日', '有効期限']],
  ['tier', ['tier', 'rank', 'memberrank', 'level', 'membershiptier', 'loyaltytier', 'loyaltycard', '会員ランク', 'ランク', '会員ステージ', 'ステージ', '会員区分', '会員種別']],
  ['acquisition_source', ['source', 'acquisitionsource', 'acquisitionchannel', 'utmsource', 'referralsource', '流入元', '集客経路', '獲得経路', '入会経路', '媒体', '認知経路', '流入経路']],
  ['referred_by', ['referredby', 'referrer', 'referrerid', 'referredbyid', '紹介者', '紹介者id', '紹介元', '紹介者番号']],
  ['region', ['region', 'prefecture', 'state', 'province', 'country', '都道府県', '地域', '県', 'エリア', '居住地']],
  ['gender', ['gender', 'sex', '性別']],
  ['age_band', ['age', 'ageband', 'agegroup', 'agerange', '年代', '年齢', '年齢層']],
  ['score', ['nps', 'score', 'npsscore', 'likelihoodtorecommend', 'recommend', 'recommendation', 'rating', '推奨度', 'スコア', '評価', 'おすすめ度', '推奨意向', 'nps得点', '推奨度スコア']],
  ['comment', ['comment', 'comments', 'feedback', 'reason', 'freetext', 'verbatim', '自由回答', 'コメント', 'ご意見', '理由', '自由記述', 'ご感想']],
  ['touchpoint', ['touchpoint', 'surveychannel', '接点', 'タッチポイント', '回答チャネル', '回答経路']]
];

/** Normalised header → its role and its preference inside that role (lower is better). */
const SYNONYM_INDEX = new Map<string, { role: Role; rank: number }>();
for (const [role, names] of SYNONYMS) names.forEach((n, rank) => SYNONYM_INDEX.has(n) || SYNONYM_INDEX.set(n, { role, rank }));

/** Partial matches for headers like "注文日時(JST)" or "Customer ID (hashed)". */
const CONTAINS: [RegExp, Role][] = [
  [/メール|e?mail/, 'email'],
  [/電話|phone|tel/, 'phone'],
  [/獲得.*ポイント|points?earned/, 'points_earned'],
  [/ポイント.*(利用|使用)|(利用|使用).*ポイント/, 'points_used'],
  [/返金|refund/, 'refund'],
  [/誕生|birth/, 'birthday'],
  [/入会|enrol/, 'member_since'],
  // A review's date and text are not its score.
  [/回答日|(評価|レビュー|review|rating|survey).*(日|date)/, 'response_date'],
  [/コメント|comment|感想|意見|本文|自由(回答|記述)|reviewtext|reviewbody/, 'comment'],
  [/推奨|nps|recommend|おすすめ|お勧め|オススメ|満足|satisf|csat|評価|レビュー|review|rating|^\d*stars?\d*$|★|☆|星/, 'score'],
  [/(注文|受注|購入|売上|取引)(日|年月日)|orderdate|invoicedate/, 'order_date'],
  [/(注文|受注|伝票)(番号|id|コード)|orderid|invoiceno/, 'order_id'],
  [/(顧客|会員)(id|番号|コード)|customerid/, 'customer_id'],
  [/金額|売上|amount|revenue|total/, 'amount'],
  [/ステータス|状況|status/, 'status'],
  // Campaign files' columns (only such files keep them: see `campaignClaims`).
  [/(利用|使用)(日|年月日)|redeemed|redemption(date|day|at)/, 'redemption_date'],
  [/開始|配信日|送信日|startdate|sentdate|sentat/, 'start_date'],
  [/終了|有効期限|enddate|endedat|expir/, 'end_date'],
  [/(キャンペーン|campaign|施策)(id|コード|code|番号|no|名)/, 'campaign']
];

/**
 * Ranks: exact synonyms by their place in the list, then partial header matches, then header
 * words (the more of a role's words, the better), then values.
 */
const RANK_CONTAINS = 1000;
const RANK_TOKENS = 1500;
const RANK_VALUES = 2000;

// ---- header words ----

/**
 * Japanese words that headers are compounded of (longest first when they overlap), so that
 * 購入者会員番号 reads as 購入者・会員・番号 the way customer_member_no reads in English.
 */
const JA_WORDS = [
  'お客様', '購入者', '注文者', 'ユーザー', 'ユーザ', '顧客', '会員', '番号', 'コード', '注文', '受注', '伝票', '取引', '購入', '売上', '合計', '金額',
  '総額', '支払い', '支払', 'お支払い', '決済', '請求', '税込', '税抜', '日時', '日付', '年月日', '時刻', '送料', '手数料', '割引', 'ポイント', '返金',
  '氏名', '名前', '住所', '電話', 'メール', '商品', '店舗', '単価', '数量', '個数', '配送', '発送', '出荷', '入金', '更新', 'キャンセル', '確定',
  '作成', '登録', 'ステータス', '状態', '状況', '婚姻', '既婚', '雇用', '額', '日', '名', '税', '数'
].sort((a, b) => b.length - a.length);

/**
 * A header's words: split on blanks, `_ - . / ( )` and the like, camelCase and letter/digit
 * boundaries, lower-cased; runs of Japanese split into the known words of JA_WORDS (other
 * characters dropped). `customerUniqueId` → customer, unique, id; `注文確定日時` → 注文, 確定, 日時.
 */
export function headerTokens(header: string): string[] {
  const h = header
    .normalize('NFKC')
    .replace(/^\uFEFF+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  const out: string[] = [];
  for (const run of h.match(/[a-z]+|[0-9]+|[^\sa-z0-9_\-・.()（）【】「」:：#＃/,]+/g) ?? []) {
    if (/^[a-z0-9]+$/.test(run)) {
      out.push(run);
      continue;
    }
    for (let i = 0; i < run.length; ) {
      const w = JA_WORDS.find((word) => run.startsWith(word, i));
      if (w) out.push(w);
      i += w ? w.length : 1;
    }
  }
  return out;
}

/**
 * What a role's header words look like: `key` words name the thing itself (one is needed),
 * `subject` words say whose it is (each adds to the score, and one is needed when `needSubject`),
 * and any `not` word rules the role out (a customer's name or city is not their id; a delivery
 * date is not the order's date; shipping or tax is not what the order is worth).
 */
interface TokenRule {
  role: Role;
  key: string[];
  subject: string[];
  needSubject: boolean;
  not: string[];
}

const ID_WORDS = ['id', 'ids', 'ref', 'reference', 'key', 'no', 'nr', 'number', 'num', 'code', 'uid', 'uuid', 'identifier', '番号', 'コード'];
const PERSON_DETAILS = ['name', 'email', 'mail', 'phone', 'tel', 'city', 'state', 'zip', 'postal', 'address', 'country', 'prefecture', 'segment', 'type',
  'since', 'date', 'rank', 'tier', 'age', 'gender', 'birthday', 'birth', '名', '氏名', '名前', '住所', '電話', 'メール', '日', '日時', '日付'];
const TOKEN_RULES: TokenRule[] = [
  {
    role: 'customer_id', key: ID_WORDS, needSubject: true,
    subject: ['customer', 'customers', 'cust', 'buyer', 'client', 'member', 'user', 'shopper', 'purchaser', 'consumer', 'household', 'account', 'patron',
      '顧客', '会員', '購入者', '注文者', 'お客様', 'ユーザー', 'ユーザ'],
    not: [...PERSON_DETAILS, 'item', 'product', 'campaign', 'coupon', '商品']
  },
  {
    role: 'order_id', key: ID_WORDS, needSubject: true,
    subject: ['order', 'orders', 'invoice', 'transaction', 'receipt', 'purchase', 'basket', 'checkout', 'sale', '注文', '受注', '伝票', '取引', '購入'],
    not: ['date', 'time', 'status', 'item', 'line', 'lineitem', 'product', 'sku', 'qty', 'quantity', 'tracking', 'payment', '商品', '日', '日時', '日付']
  },
  {
    role: 'order_date', key: ['date', 'time', 'timestamp', 'datetime', 'at', 'day', 'dt', 'on', '日', '日時', '日付', '年月日'], needSubject: true,
    subject: ['order', 'purchase', 'purchased', 'transaction', 'invoice', 'sale', 'sales', 'created', 'placed', 'ordered', 'checkout', 'bought',
      '注文', '受注', '購入', '売上', '取引', '作成', '確定'],
    not: ['delivered', 'delivery', 'approved', 'estimated', 'shipped', 'shipping', 'ship', 'carrier', 'updated', 'modified', 'cancelled', 'canceled',
      'paid', 'due', 'limit', 'expiry', 'expires', 'refunded', 'fulfilled', 'closed', 'processed', 'birth', 'signup',
      '配送', '発送', '出荷', '入金', '更新', 'キャンセル', '登録', '返金']
  },
  {
    role: 'amount', needSubject: false,
    key: ['total', 'amount', 'value', 'paid', 'revenue', 'sales', 'spend', 'spent', 'charged', 'gross', 'net', 'sum', '金額', '合計', '売上', '総額', '額'],
    subject: ['order', 'payment', 'grand', 'invoice', 'transaction', 'purchase', 'basket', '注文', '支払', '支払い', 'お支払い', '決済', '請求', '購入', '税込'],
    not: ['shipping', 'freight', 'tax', 'taxes', 'discount', 'discounts', 'fee', 'fees', 'refund', 'refunded', 'points', 'point', 'count', 'quantity',
      'qty', 'installments', 'installment', 'type', 'method', 'status', 'id', 'date', 'time', 'at', 'currency', 'rate', 'percent', 'ratio', 'avg',
      'average', 'unit', 'weight', 'duties', 'outstanding', 'sequential', 'compare',
      '送料', '税', '割引', '手数料', 'ポイント', '返金', '数', '日', '日時', '単価']
  },
  {
    // An order's status (a cancellation or return marks the order); a person's is not one.
    role: 'status', key: ['status', 'ステータス', '状態', '状況'], needSubject: false,
    subject: ['order', 'orders', 'payment', 'financial', 'fulfillment', 'delivery', 'shipping', 'return', 'refund', '注文', '受注', '決済', '配送', '発送', '返金'],
    not: ['marital', 'married', 'employment', 'relationship', 'account', 'subscription', 'membership', 'member', 'customer', 'job', 'work', 'housing',
      'home', 'student', 'smoking', 'vip', '会員', '顧客', '婚姻', '既婚', '雇用']
  },
  {
    role: 'unit_price', key: ['price'], needSubject: false, subject: ['unit', 'item', 'lineitem', 'product', 'sale', 'selling'],
    not: ['total', 'compare', 'cost', 'list', 'original', 'currency']
  },
  {
    role: 'quantity', key: ['quantity', 'qty', 'units', '数量', '個数'], needSubject: false, subject: ['item', 'lineitem', 'order', 'product', '商品', '注文'],
    not: ['price', 'refunded', 'returned', 'fulfilled']
  }
];

/** Words that qualify an id without naming whose it is (`customer_unique_id` is the customer's). */
const MODIFIERS = new Set(['unique', 'internal', 'external', 'hashed', 'hash', 'primary', 'global', 'system']);

/**
 * A role from a header's words, when no synonym or partial match knows the header: the roles
 * whose words it has, best first. A role is scored by its subject words, and one more when the
 * subject stands right before the key (modifiers between don't count): `order_customer_id` is
 * the customer's id, `customer_order_id` the order's. Null when no role's words are there.
 */
export function tokenMatch(header: string): { role: Role; score: number; ambiguous: Role[] } | null {
  const words = headerTokens(header);
  if (words.length === 0) return null;
  const scored: { role: Role; score: number }[] = [];
  for (const rule of TOKEN_RULES) {
    if (words.some((w) => rule.not.includes(w))) continue;
    const keys = words.flatMap((w, i) => (rule.key.includes(w) ? [i] : []));
    if (keys.length === 0) continue;
    const subjects = words.flatMap((w, i) => (rule.subject.includes(w) ? [i] : []));
    if (rule.needSubject && subjects.length === 0) continue;
    const core = words.filter((w) => !MODIFIERS.has(w));
    const adjacent = core.some((w, i) => rule.subject.includes(w) && rule.key.includes(core[i + 1] ?? ''));
    scored.push({ role: rule.role, score: 1 + subjects.length + (adjacent ? 1 : 0) });
  }
  if (scored.length === 0) return null;
  scored.sort((a, b) => b.score - a.score);
  const tied = scored.filter((s) => s.score === scored[0].score).map((s) => s.role);
  return { ...scored[0], ambiguous: tied.length > 1 ? tied : [] };
}

type HeaderMatch = { role: Role; rank: number } | { ambiguous: Role[] };

function headerMatch(header: string): HeaderMatch | null {
  const n = normalizeHeader(header);
  if (n === '') return null;
  const exact = SYNONYM_INDEX.get(n);
  if (exact) return exact;
  // A partial match yields to a word that rules its role out: `shipping_amount` is not what the order is worth.
  const words = headerTokens(header);
  const ruledOut = (role: Role) => TOKEN_RULES.some((r) => r.role === role && words.some((w) => r.not.includes(w)));
  for (const [re, role] of CONTAINS) if (re.test(n) && !ruledOut(role)) return { role, rank: RANK_CONTAINS };
  const byWords = tokenMatch(header);
  if (byWords?.ambiguous.length) return { ambiguous: byWords.ambiguous };
  return byWords ? { role: byWords.role, rank: RANK_TOKENS - byWords.score } : null;
}

export function roleFromHeader(header: string): Role | null {
  const m = headerMatch(header);
  return m && 'role' in m ? m.role : null;
}

// ---- values ----

const FW_DIGITS = /[０-９]/g;
export function foldWidth(s: string): string {
  return s.replace(FW_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

const DATE_YMD = /^\d{4}([-/.])\d{1,2}\1\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_JA = /^\d{4}年\d{1,2}月\d{1,2}日/;
const DATE_SLASH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})( \d{1,2}:\d{2}(:\d{2})?)?$/;
const DATE_COMPACT = /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
/** Japanese era dates (令和6年1月5日, R6.1.5, H31/4/30, 平成元年…): the loader's ERA_DATE, as a shape. */
export const DATE_ERA = /^(令和|平成|昭和|大正|明治|[㋿㍻㍼㍽㍾MTSHRmtshr]) *(\d{1,2}|元) *(年|[./-]) *\d{1,2} *(月|[./-]) *\d{1,2}/;
const TIME_COMPACT = /^\d{1,2}:?\d{2}:?\d{2}$/;
const NUMBER = /^[\s¥￥$€£\\]*[+\-−△▲]?[\s¥￥$€£\\]*\(?\d[\d,]*(\.\d+)?\)?\s*(円)?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function isDateLike(v: string): boolean {
  // NFKC folds full-width digits, letters and separators (２０２４／３／５, Ｒ６．１．５) as the loader's cleanText does.
  const s = v.trim().normalize('NFKC');
  return DATE_YMD.test(s) || DATE_JA.test(s) || DATE_SLASH.test(s) || DATE_COMPACT.test(s) || DATE_ERA.test(s);
}
export function isNumberLike(v: string): boolean {
  return NUMBER.test(foldWidth(v.trim()));
}

/** Decide day/month order from slash dates: a part above 12 settles it; otherwise it is ambiguous. */
export function detectDateOrder(values: string[]): { order: DateOrder; ambiguous: boolean } {
  let sawSlash = false;
  let firstOver12 = false;
  let secondOver12 = false;
  let shortYears = true;
  for (const raw of values) {
    const m = DATE_SLASH.exec(foldWidth(raw.trim()));
    if (!m) continue;
    sawSlash = true;
    if (Number(m[1]) > 12) firstOver12 = true;
    if (Number(m[2]) > 12) secondOver12 = true;
    if (m[3].length !== 2) shortYears = false;
  }
  if (!sawSlash) return { order: 'ymd', ambiguous: false };
  // 24/03/05 is 24 March 2005 or, in a Japanese export, 2024/03/05: with two-digit years a
  // first part above 12 does not settle it, so the user is asked.
  if (firstOver12 && !secondOver12) return { order: 'dmy', ambiguous: shortYears };
  if (secondOver12 && !firstOver12) return { order: 'mdy', ambiguous: false };
  return { order: 'mdy', ambiguous: true };
}

function share(values: string[], test: (v: string) => boolean): number {
  return values.length ? values.filter(test).length / values.length : 0;
}

/** A role from values alone, for headers we don't know. Conservative: only clear shapes. */
function roleFromValues(values: string[]): Role | null {
  if (values.length === 0) return null;
  if (share(values, (v) => EMAIL.test(v.trim())) > 0.9) return 'email';
  if (share(values, isDateLike) > 0.9) return 'order_date';
  return null;
}

// ---- whole file ----

/**
 * Customer roles a survey export does not carry: with one of them beside a score the file is
 * a customer master with an answer column. Gender, age and region are asked in surveys too.
 */
const MASTER_ROLES: Role[] = CUSTOMER_ROLES.filter((r) => !['gender', 'age_band', 'region'].includes(r));

/**
 * A file with order dates and money is orders, a score column or not (a review score per order
 * is an answer the loader also writes to `responses`); a score beside customer-master columns
 * is a customers file with answers; any other score makes a survey file. Campaign files are
 * told by `campaignKind`.
 */
export function fileKind(roles: Role[]): FileKind {
  const has = (r: Role) => roles.includes(r);
  if (has('order_date') && (has('amount') || has('unit_price'))) return 'orders';
  const campaign = campaignKind(roles);
  if (campaign) return campaign;
  if (has('score')) return MASTER_ROLES.some(has) ? 'customers' : 'responses';
  if (has('order_date')) return 'orders';
  return 'customers';
}

/** Columns that make a file an order log, a survey or a customer master, whatever campaign columns it has. */
const NOT_CAMPAIGN: Role[] = ['amount', 'unit_price', 'order_id', 'score', ...CUSTOMER_ROLES];

/**
 * A campaign file's kind, or null for other files. A campaign file names campaigns (or coupons
 * with their dates) and carries no money, orders or answers: without customers it describes
 * campaigns; with them, it lists redemptions when it has a redemption date (or coupons with a
 * date), else whom each campaign was sent to.
 */
function campaignKind(roles: Role[]): FileKind | null {
  const has = (r: Role) => roles.includes(r);
  if (NOT_CAMPAIGN.some(has)) return null;
  if (!has('campaign') && !(has('coupon') && (has('start_date') || has('end_date') || has('redemption_date')))) return null;
  if (!has('customer_id') && !has('email') && !(has('name') && has('phone'))) return 'campaigns';
  return has('redemption_date') || (has('coupon') && has('order_date')) ? 'redemptions' : 'campaign_targets';
}

type Claim = { role: Role; rank: number; reason: 'header' | 'values' } | null;

/** Order numbers as Shopify writes them in its `Name` column: `#1001`, `#SO-1001`. */
const ORDER_NUMBER = /^#[\w-]*\d[\w-]*$/;

const CAMPAIGN_ONLY: Role[] = CAMPAIGN_ROLES.filter((r) => r !== 'campaign');

/**
 * Campaign columns where they belong. In a campaign file a date its header does not name as
 * one of its own (a bare 日付, or dates known by their values) is the kind's date: a
 * description's start then end, a redemption's day, a targeting file's send date. Elsewhere a
 * campaign file's date header means nothing by itself (the column is judged by its values, as an
 * unknown header is), and a campaign column is an order's coupon / campaign code when the
 * orders have no coupon column.
 */
function campaignClaims(claims: Claim[], byValues: (i: number) => Claim): Claim[] {
  const roles = claims.flatMap((c) => (c ? [c.role] : []));
  const kind = campaignKind(roles);
  if (!kind) {
    const orders = fileKind(roles) === 'orders' && !roles.includes('coupon');
    return claims.map((c, i) => {
      if (c && CAMPAIGN_ONLY.includes(c.role)) return byValues(i);
      if (c?.role === 'campaign') return orders ? { ...c, role: 'coupon' } : null;
      return c;
    });
  }
  const dates: Role[] = kind === 'campaigns' ? ['start_date', 'end_date'] : kind === 'redemptions' ? ['redemption_date'] : ['start_date'];
  const free = dates.filter((r) => !roles.includes(r));
  return claims.map((c) => (c?.role === 'order_date' ? (free.length ? { ...c, role: free.shift()! } : null) : c));
}

export interface ProposedColumns {
  columns: Pick<ColumnPlan, 'role' | 'reason' | 'candidates'>[];
  kind: FileKind;
  identity: IdentityKey;
  scoreScale: ScoreScale;
  scaleReason: ScaleReason;
}

/**
 * Propose a role per column. Each role goes to the column that claims it best: a header synonym
 * over a partial header match over the shape of the values, the preferred synonym over a lesser
 * one, and the first column among equals. Other claimants are set to ignore so the user sees
 * one clear choice. Survey files' dates become response dates; campaign columns are settled
 * by `campaignClaims` first.
 */
export function proposeRoles(headers: string[], sample: string[][]): ProposedColumns {
  const valuesOf = (i: number) => sample.map((r) => r[i] ?? '').filter((v) => v.trim() !== '');
  const byValues = (i: number): Claim => {
    const role = roleFromValues(valuesOf(i));
    return role ? { role, rank: RANK_VALUES, reason: 'values' } : null;
  };
  // Headers whose words fit several roles equally are asked, not guessed (see `tokenMatch`).
  const ambiguous = new Map<number, Role[]>();
  const claims = campaignClaims(
    headers.map((h, i): Claim => {
      const byHeader = headerMatch(h);
      if (byHeader && 'ambiguous' in byHeader) {
        ambiguous.set(i, byHeader.ambiguous);
        return null;
      }
      // A "name" column of order numbers (#1001: Shopify's order name) is the order's id, not a person's name.
      if (byHeader?.role === 'name' && share(valuesOf(i), (v) => ORDER_NUMBER.test(v.trim())) > 0.9) {
        return { role: 'order_id', rank: RANK_CONTAINS, reason: 'values' };
      }
      return byHeader ? { ...byHeader, reason: 'header' as const } : byValues(i);
    }),
    byValues
  );
  const best = new Map<Role, number>();
  claims.forEach((c, i) => {
    if (!c) return;
    const holder = best.get(c.role);
    if (holder === undefined || c.rank < claims[holder]!.rank) best.set(c.role, i);
  });
  const columns: Pick<ColumnPlan, 'role' | 'reason' | 'candidates'>[] = claims.map((c, i) =>
    c && best.get(c.role) === i
      ? { role: c.role, reason: c.reason }
      : ambiguous.has(i) ? { role: 'ignore', reason: 'ambiguous', candidates: ambiguous.get(i) } : { role: 'ignore', reason: 'none' }
  );
  let roles = columns.map((c) => c.role);
  // A header-less file of numbers is most often an orders log (id, date, …, amount): keep the
  // proposal conservative and let the user assign the rest on the mapping screen.
  const kind = fileKind(roles);
  // Beside a score, outside an orders file, a plain "date" is the answer date.
  if (kind !== 'orders' && roles.includes('score') && !roles.includes('response_date')) {
    const i = roles.indexOf('order_date');
    if (i >= 0) columns[i] = { role: 'response_date', reason: columns[i].reason };
  }
  roles = columns.map((c) => c.role);
  const identity: IdentityKey = roles.includes('customer_id')
    ? 'customer_id'
    : roles.includes('email')
      ? 'email'
      : roles.includes('name') && roles.includes('phone')
        ? 'name_phone'
        : 'customer_id';
  const scoreCol = roles.indexOf('score');
  const scaleReason = scoreCol >= 0 ? detectScoreScale(valuesOf(scoreCol), headers[scoreCol]) : detectScoreScale([]);
  return { columns, kind, identity, scoreScale: scaleReason.scale, scaleReason };
}

// ---- score scales ----

/** Scales by the number of answer steps a header names ("5段階", "11-point"). */
const BY_STEPS: Record<string, ScoreScale> = { '5': '1-5', '7': '1-7', '10': '1-10', '11': '0-10' };
/** Scales by the top answer a header names ("5点満点", "out of 10", "/10"): the bottom is 1, or 0 out of 10. */
const BY_TOP: Record<string, ScoreScale[]> = { '5': ['1-5'], '7': ['1-7'], '10': ['1-10', '0-10'] };
/** A rating or satisfaction question: most often 1–5, the answers say which. */
const RATING: ScoreScale[] = ['1-5', '1-7', '1-10', '0-10'];

/**
 * What a score column's header says of its scale: the scales it points to, likeliest first,
 * and whether it states the scale (a range, a number of steps or a top mark: the question's
 * own words) or only names a kind of question (recommending is NPS, 0–10; stars are 1–5; a
 * rating or satisfaction question is one of several). Null when it says nothing.
 */
export function scaleHint(header: string): { scales: ScoreScale[]; stated: boolean } | null {
  const h = header.normalize('NFKC').toLowerCase();
  const range = /(?<![\d.])([01])\s*(?:[-–—−~〜]|から|to)\s*(\d+)(?![\d.])/.exec(h);
  const said = range ? `${range[1]}-${range[2]}` : '';
  if ((SCORE_SCALES as readonly string[]).includes(said)) return { scales: [said as ScoreScale], stated: true };
  const steps = /(?<!\d)(\d+)\s*(?:段階|件法|点尺度|-?\s*point)/.exec(h);
  if (steps && BY_STEPS[steps[1]]) return { scales: [BY_STEPS[steps[1]]], stated: true };
  const top = /(?<!\d)(\d+)\s*点満点|out\s*of\s*(\d+)|\/\s*(\d+)(?!\d)/.exec(h);
  const topScales = top && BY_TOP[top[1] ?? top[2] ?? top[3]];
  if (topScales) return { scales: topScales, stated: true };
  if (/nps|推奨|recommend|おすすめ|お勧め|オススメ|お薦め/.test(h)) return { scales: ['0-10'], stated: false };
  if (/★|☆|stars?\b|星/.test(h)) return { scales: ['1-5'], stated: false };
  if (/満足|satisf|csat|rating|review|評価|レビュー/.test(h)) return { scales: RATING, stated: false };
  return null;
}

const bounds = (s: ScoreScale) => s.split('-').map(Number) as [number, number];
const fits = (s: ScoreScale, lo: number, hi: number) => bounds(s)[0] <= lo && hi <= bounds(s)[1];
/** A whole number 0–10, as the loader reads it (full-width digits too), or null. */
function answerOf(v: string): number | null {
  const n = Number(foldWidth(v));
  return Number.isInteger(n) && n >= 0 && n <= 10 ? n : null;
}

/**
 * The scale the answers alone point to: a 0 means 0–10; answers within 1–5 or (up to 6 or 7)
 * within 1–7 mean those; answers up to 8–10 without a 0 are still read as 0–10, as an NPS
 * question is 0–10 and small samples of Japanese answers often hold no 0. 1–10 comes only
 * from a header.
 */
function scaleOfValues(lo: number, hi: number): { scale: ScoreScale; code: 'values' | 'values_no_zero' } {
  if (lo === 0) return { scale: '0-10', code: 'values' };
  if (hi <= 5) return { scale: '1-5', code: 'values' };
  if (hi <= 7) return { scale: '1-7', code: 'values' };
  return { scale: '0-10', code: 'values_no_zero' };
}

/**
 * Detect a score column's scale from its answers and its header, with the reason to tell the
 * user. The answers that are on some scale (whole numbers 0–10) decide among the scales the
 * header allows. A header that states its scale stands against answers off it (those are
 * reported by the load, line by line); a header that only names the kind of question yields
 * to answers that do not fit it, so that no answer is lost to a guess.
 */
export function detectScoreScale(values: string[], header = ''): ScaleReason {
  const answers = values.map((v) => v.trim()).filter((v) => v !== '');
  const reason = scaleOf(answers.map(answerOf).filter((n) => n !== null), header);
  const [lo, hi] = bounds(reason.scale);
  const off = answers.find((v) => {
    const n = answerOf(v);
    return n === null || n < lo || n > hi;
  });
  return off === undefined ? reason : { ...reason, offScale: off };
}

function scaleOf(answers: number[], header: string): ScaleReason {
  const hint = scaleHint(header);
  const label = header.trim();
  if (answers.length === 0) return hint ? { code: 'header', scale: hint.scales[0], header: label } : { code: 'none', scale: '0-10' };
  const lo = Math.min(...answers);
  const hi = Math.max(...answers);
  const byValues = scaleOfValues(lo, hi);
  if (!hint) return { ...byValues, lo, hi };
  const fit = hint.scales.find((s) => fits(s, lo, hi)) ?? (hint.stated ? hint.scales[0] : null);
  if (!fit) return { code: 'values_over_header', scale: byValues.scale, header: label, hinted: hint.scales[0], lo, hi };
  if (hint.scales.length > 1) return { code: 'header_values', scale: fit, header: label, lo, hi };
  return bounds(byValues.scale)[1] < bounds(fit)[1]
    ? { code: 'header_narrow', scale: fit, header: label, lo, hi }
    : { code: 'header', scale: fit, header: label };
}

/** Which roles a file kind needs before it can be loaded. */
export function missingRoles(kind: FileKind, roles: Role[], identity: IdentityKey): string[] {
  const has = (r: Role) => roles.includes(r);
  const missing: string[] = [];
  const idOk =
    identity === 'customer_id' ? has('customer_id') : identity === 'email' ? has('email') : has('name') && has('phone');
  if (kind === 'orders') {
    if (!idOk) missing.push('customer_id');
    if (!has('order_date')) missing.push('order_date');
    if (!has('amount') && !has('unit_price')) missing.push('amount');
  } else if (kind === 'customers') {
    if (!idOk) missing.push('customer_id');
    // Its answers need their date; an orders file's answers can take the order's.
    if (has('score') && !has('response_date')) missing.push('response_date');
  } else if (kind === 'responses') {
    if (!has('response_date')) missing.push('response_date');
    if (!has('score')) missing.push('score');
  } else if (kind === 'campaigns') {
    if (!has('campaign')) missing.push('campaign');
    if (!has('start_date')) missing.push('start_date');
  } else {
    if (!idOk) missing.push('customer_id');
    // Coupons stand for their campaign where nothing names it.
    if (!has('campaign') && !has('coupon')) missing.push('campaign');
    if (kind === 'redemptions' && !has('redemption_date')) missing.push('redemption_date');
  }
  return missing;
}
