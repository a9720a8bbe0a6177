/**
 * Loyalty points: earned against used per month, the outstanding balance (the programme's
 * liability), the redemption rate and points per yen of revenue. Plain, serialisable aggregates
 * (no customer ids), safe for snapshots. Definitions live in `./sql.ts`. Figures typed
 * `number | null` are null where the data lacks the column (`missing`) or, in a snapshot, where
 * the group behind them is withheld (see ../withhold.ts).
 */
import type { Unavailable } from '../unavailable';
import type { Withheld } from '../withhold';

/** The canonical columns the analysis reads: either is enough for part of it. */
export const POINT_COLUMNS = ['points_earned', 'points_used'] as const;
export type PointColumn = (typeof POINT_COLUMNS)[number];

/** Points and revenue over a stretch of time (a month, the whole history) and the ratios of those. */
export interface PointsFlow {
  /** Net points earned (points taken back on returns count negatively); null without points_earned. */
  earned: number | null;
  /** Net points used (points given back on returns count negatively); null without points_used. */
  used: number | null;
  /** Customers with an order earning (or taking back) points; null without points_earned. */
  earners: number | null;
  /** Customers with an order using (or giving back) points; null without points_used. */
  redeemers: number | null;
  /** Customers with an order, and the net revenue of all orders. */
  customers: number | null;
  revenue: number | null;
  /** Net revenue of the orders that earn (or take back) points. */
  earningRevenue: number | null;
  /** used / earned; null unless earned > 0. */
  redemptionRate: number | null;
  /** earned / earningRevenue: points per yen of the orders earning them (the earn rate); null unless that revenue > 0. */
  earnRate: number | null;
  /** earned / revenue: points per yen of all revenue; null unless revenue > 0. */
  pointsPerYen: number | null;
  /** In a snapshot: which figures are withheld, by the group behind them. */
  withheld?: FlowWithheld;
}

/** A month's withheld figures: its flow's, and the balance at its end. */
export interface MonthWithheld extends FlowWithheld {
  balance?: Withheld;
}

/** Which figures of a flow a snapshot withholds, by the group of customers behind them. */
export interface FlowWithheld {
  earned?: Withheld;
  used?: Withheld;
  revenue?: Withheld;
}

export interface PointsMonth extends PointsFlow {
  /** 'YYYY-MM'. */
  month: string;
  /** Outstanding points at the month's end: the opening balance plus earned − used up to it; null without both columns. */
  balance: number | null;
  withheld?: MonthWithheld;
}

export interface PointsResult {
  available: true;
  /** Which point column the data lacks (figures resting on it are null); [] when both are there. */
  missing: PointColumn[];
  /** The analysed history, YYYY-MM-DD. */
  from: string;
  asOf: string;
  /**
   * Points outstanding when the history begins (earned − used on the data's orders before
   * `from`, under the same channel/member filters), and how many customers those orders are of.
   * 0 when the history begins with the data.
   */
  opening: { balance: number | null; customers: number | null; withheld?: Withheld };
  /** The whole history. */
  total: PointsFlow;
  /** Every month from the history's first to its last, empty ones included. */
  months: PointsMonth[];
}

export type PointsOutcome = PointsResult | Unavailable<PointColumn>;
