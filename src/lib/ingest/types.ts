import type { Delimiter } from './sniff';
import type { TextEncodingName } from './encoding';
import type { Currency, CurrencyClue } from './currency';
import type { EngineErrorCode } from './errors';
import type { DecimalMark } from './decimal';

/** What a column means. `ignore` columns are not loaded. */
export const ORDER_ROLES = [
  'order_id', 'order_date', 'order_time', 'amount', 'unit_price', 'quantity', 'refund', 'status',
  'channel', 'store', 'category', 'coupon', 'points_earned', 'points_used'
] as const;
export const CUSTOMER_ROLES = [
  'signup_date', 'member_since', 'tier', 'birthday', 'acquisition_source', 'referred_by',
  'region', 'gender', 'age_band'
] as const;
export const RESPONSE_ROLES = ['response_date', 'score', 'comment', 'touchpoint'] as const;
/**
 * Columns of campaign files (what a campaign is, whom it was sent to, who redeemed it); their
 * coupon codes take the `coupon` role. A send date is the `start_date` of a targeting file's row.
 */
export const CAMPAIGN_ROLES = ['campaign', 'campaign_type', 'start_date', 'end_date', 'redemption_date'] as const;
export const IDENTITY_ROLES = ['customer_id', 'email', 'name', 'phone'] as const;

export type Role =
  | 'ignore'
  | (typeof IDENTITY_ROLES)[number]
  | (typeof ORDER_ROLES)[number]
  | (typeof CUSTOMER_ROLES)[number]
  | (typeof RESPONSE_ROLES)[number]
  | (typeof CAMPAIGN_ROLES)[number];

export const ALL_ROLES: Role[] = ['ignore', ...IDENTITY_ROLES, ...ORDER_ROLES, ...CUSTOMER_ROLES, ...RESPONSE_ROLES, ...CAMPAIGN_ROLES];

/** How to read day/month order in slash dates; asked of the user when the sample can't tell. */
export type DateOrder = 'ymd' | 'mdy' | 'dmy';

/**
 * What a file holds. The campaign files: `campaigns` describes campaigns (type, start, end),
 * `campaign_targets` lists whom each was sent to, `redemptions` who redeemed which and when.
 */
export const FILE_KINDS = ['orders', 'customers', 'responses', 'campaigns', 'campaign_targets', 'redemptions'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** How customers are identified when orders lack an id (guest orders, 楽天 exports). */
export type IdentityKey = 'customer_id' | 'email' | 'name_phone';

/** The answer scales a survey score can be on (0–10 is NPS; the others are detected and said). */
export const SCORE_SCALES = ['0-10', '1-10', '1-7', '1-5'] as const;
export type ScoreScale = (typeof SCORE_SCALES)[number];

/**
 * Why a score scale was detected, for the mapping screen to say (see `detectScoreScale`).
 * `scale` is what was detected; the plan's `scoreScale` is what will be used (the user may
 * have chosen another). `lo`–`hi` is the range of the sample's answers that lie on some scale
 * (whole numbers 0–10); `offScale` is a sample answer off the detected scale (junk, 99 for
 * "don't know", 7.5, a 0 under a "5段階" header), which the load will report.
 */
export type ScaleReason = { scale: ScoreScale; offScale?: string } & (
  /** No answers in the sample and no hint in the header: 0–10 assumed. */
  | { code: 'none' }
  /** From the answers alone; `values_no_zero`: up to 10 without a 0, read as 0–10 all the same. */
  | { code: 'values' | 'values_no_zero'; lo: number; hi: number }
  /** From the header; without answers, or with answers that say the same. */
  | { code: 'header'; header: string }
  /**
   * `header_values`: the header names a kind of question (a rating) and the answers pick its
   * scale; `header_narrow`: the header decides although the answers alone span a shorter scale.
   */
  | { code: 'header_values' | 'header_narrow'; header: string; lo: number; hi: number }
  /** The header names a kind of question on `hinted`, but the answers do not fit it. */
  | { code: 'values_over_header'; header: string; hinted: ScoreScale; lo: number; hi: number }
);

export interface ColumnPlan {
  /** The column name as DuckDB reads it (used as the identifier). */
  source: string;
  /** What the user sees (BOMs and padding removed). */
  label: string;
  role: Role;
  /**
   * Why the role was proposed: a header synonym or its words, the values, or nothing;
   * `ambiguous`: the header's words fit several roles equally (`candidates`), so the user is asked.
   */
  reason: 'header' | 'values' | 'none' | 'ambiguous';
  candidates?: Role[];
  /** A few sample values for the mapping screen. */
  samples: string[];
  /** Share of non-empty sample values. */
  filled: number;
}

export type FileProblem =
  | { code: 'empty' }
  | { code: 'header_only' }
  | { code: 'binary'; what: string }
  /**
   * `reason` says what kind of failure it was (words for the user), `line` where the reader
   * named one, `detail` the engine's own text (for a details disclosure only, never shown
   * as the message). Absent `reason` in plans saved before: shown as an internal fault.
   */
  | { code: 'unreadable'; reason?: EngineErrorCode; line?: number; columns?: number; detail: string }
  | { code: 'no_roles'; missing: string[] };

export interface FilePlan {
  /** The user's file name, used in every message. */
  fileName: string;
  /** The name the file is registered under in DuckDB's virtual file system. */
  path: string;
  /** `aligned`: columns lined up with spaces, read as CSV once converted (see sniff.ts). */
  format: 'csv' | 'xlsx' | 'aligned';
  encoding: TextEncodingName;
  delimiter: Delimiter;
  hasHeader: boolean;
  /** Lines above the header that are not data (a title, an export date); absent in plans saved before = 0. */
  skipLines?: number;
  /** Their text, for the mapping screen. */
  skipped?: string[];
  /** A workbook's sheet that was read when it is not the first (the first was blank). */
  sheet?: string;
  /**
   * An order's own fields (its total, date, status, customer) are written on its first line
   * only and left blank on its other lines, as in Shopify's orders export: the load fills them
   * in from the first line and counts the total once. Absent in plans saved before = false.
   */
  orderLevelOnFirstLine?: boolean;
  kind: FileKind;
  columns: ColumnPlan[];
  dateOrder: DateOrder;
  /** True when the sample could not decide the date order: the UI must ask. */
  dateOrderAmbiguous: boolean;
  /**
   * The decimal mark of the file's numbers (see decimal.ts); absent = point, as in plans saved
   * before. Set when the numbers use a comma, or could not tell (`decimalMarkAmbiguous`: ask).
   */
  decimalMark?: DecimalMark;
  decimalMarkAmbiguous?: boolean;
  identity: IdentityKey;
  scoreScale: ScoreScale;
  /** How `scoreScale` was proposed; absent in plans saved before reasons were given. */
  scaleReason?: ScaleReason;
  /** What the amounts are in (only labels them: nothing is converted), and why it was guessed. */
  currency: Currency;
  currencyClue: CurrencyClue;
  /** Preview rows (up to 20), as text, in column order. */
  preview: (string | null)[][];
  /** Header signature used to remember the user's mapping on this device. */
  signature: string;
}

export interface FileInspection {
  fileName: string;
  sizeBytes: number;
  plan?: FilePlan;
  problem?: FileProblem;
}
