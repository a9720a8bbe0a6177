/**
 * Loyalty tiers: customers, revenue and revenue per customer by tier. Plain, serialisable
 * aggregates (no customer ids), safe for snapshots. Definitions live in `./sql.ts`, the tiers'
 * order in `./order.ts`. Figures typed `number | null` with a `withheld` beside them are null
 * only in a snapshot (see ../withhold.ts); live results always have them.
 */
import type { Interval } from '../programme/stats';
import type { Unavailable } from '../unavailable';
import type { Withheld } from '../withhold';

/** The canonical column the analysis reads (besides the orders every analysis reads). */
export const TIER_COLUMNS = ['tier'] as const;
export type TierColumn = (typeof TIER_COLUMNS)[number];

/**
 * How the tiers are ordered, lowest first (see `./order.ts`):
 *   ladder — every name is a known rung (Regular < Bronze < Silver < Gold < Platinum < Diamond < Black, ブロンズ < シルバー < …);
 *   number — every name carries one number (Rank 1 < Rank 2, ランク3 …), ordered by it;
 *   spend  — names not recognised: by the tier's median revenue per customer.
 */
export const TIER_ORDERS = ['ladder', 'number', 'spend'] as const;
export type TierOrder = (typeof TIER_ORDERS)[number];

/** Below this many customers a tier's mean revenue has no interval: the normal approximation is not to be trusted there. */
export const INTERVAL_MIN_CUSTOMERS = 30;

export interface TierGroup {
  /** The tier's name as in the data; '' for `kind` 'none'. */
  tier: string;
  /** 'none': customers without a tier (typically non-members). */
  kind: 'tier' | 'none';
  /** Customers with a purchase in the analysed history. */
  customers: number | null;
  /** Their net revenue in the history. */
  revenue: number | null;
  /** Mean net revenue per customer with its 95 % interval (null below INTERVAL_MIN_CUSTOMERS customers). */
  perCustomer: Interval;
  /** Median net revenue per customer. */
  median: number | null;
  withheld?: Withheld;
}

/**
 * Only the current tier is known (the `customers` table keeps one tier per customer, the latest
 * the files gave, and no order carries a tier): nobody's movement between tiers can be told from it.
 */
export interface TierMovementUnavailable {
  available: false;
  reason: 'current_tier_only';
}

/** Customers whose tier was `from` at their first order with a tier in the history and `to` at their last. */
export interface TierMove {
  from: string;
  to: string;
  customers: number | null;
  withheld?: Withheld;
}

export const TIER_DIRECTIONS = ['up', 'same', 'down'] as const;
export type TierDirection = (typeof TIER_DIRECTIONS)[number];

/**
 * Movement between tiers from the tier each order carries (an orders column mapped as tier):
 * each customer with orders of a known tier on two days or more in the history, from the tier
 * of the first of those orders to the tier of the last (definitions in ./sql.ts).
 */
export interface TierMovement {
  available: true;
  /** The customers measured; null in a snapshot when they are fewer than 5 (everything withheld). */
  customers: number | null;
  /** Of them: the tier went up, stayed, went down (by `tiers`' order). */
  up: number | null;
  same: number | null;
  down: number | null;
  /** The tiers the moves name, lowest first. */
  tiers: string[];
  /** Every pair of tiers with customers, by from then to (in `tiers`' order). */
  moves: TierMove[];
  withheld?: TierMovementWithheld;
}

/** What a snapshot withholds of the movement: all of it (too few customers), or a direction's count. */
export interface TierMovementWithheld {
  all?: Withheld;
  up?: Withheld;
  same?: Withheld;
  down?: Withheld;
}

export interface TiersResult {
  available: true;
  /** The analysed history, YYYY-MM-DD. */
  from: string;
  asOf: string;
  order: TierOrder;
  /** Every customer with a purchase in the history, tiered or not, and their net revenue. */
  customers: number;
  revenue: number;
  /** Tiers lowest first (per `order`), then the customers without a tier. */
  tiers: TierGroup[];
  movement: TierMovement | TierMovementUnavailable;
}

export type TiersOutcome = TiersResult | Unavailable<TierColumn>;
