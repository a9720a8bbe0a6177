/**
 * Goals vs actuals: each goal metric as a monthly series of plain aggregates (no customer ids),
 * safe for snapshots and links. The definitions are those of the pages that show each metric
 * (stated in ./sql.ts and ./run.ts); the goals themselves are view state (./view.ts).
 */
import type { Withheld } from '../withhold';

/** The metrics a goal can be set on, in the order the form lists them. */
export const GOAL_METRICS = ['repeat', 'f2', 'nps', 'members', 'memberRevenue', 'value12', 'active'] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

/** How a metric's figures read: a share 0–1, NPS points (−100…100), money, a count of customers. */
export type GoalUnit = 'share' | 'points' | 'money' | 'count';

export const GOAL_UNITS: Record<GoalMetric, GoalUnit> = {
  repeat: 'share',
  f2: 'share',
  nps: 'points',
  members: 'share',
  memberRevenue: 'share',
  value12: 'money',
  active: 'count'
};

/** The F2 horizon the goal reads (one of the cohorts page's F2 horizons): a second purchase within 90 days. */
export const GOAL_F2_DAYS = 90;
/** The months of a customer's first year that the 12-month value adds up (the cohorts page's LTV at k = 11). */
export const GOAL_VALUE_MONTHS = 12;

export interface GoalPoint {
  /** The month the figure is known at, 'YYYY-MM' (for f2 and value12: the month its window closes). */
  month: string;
  /** For f2 and value12: the acquisition month whose new customers the figure describes. */
  cohort?: string;
  /** The metric's value; null when the month has nothing to measure (or, in a snapshot, withheld). */
  value: number | null;
  /** The customers (for NPS: answers) the figure is of: the denominator of a share, the cohort's size. */
  base: number | null;
  /** For shares: the customers counted (repeaters, converted, members, member buyers); null otherwise. */
  count: number | null;
  withheld?: Withheld;
}

export interface GoalSeries {
  metric: GoalMetric;
  /** Oldest first; only months where the metric can be measured. */
  points: GoalPoint[];
}

export interface GoalsResult {
  /** The analysed history, YYYY-MM-DD (as the cohorts page's). */
  from: string;
  asOf: string;
  /** One series per metric the data can measure, in GOAL_METRICS order (no NPS without answers, no member metrics without enrolment dates). */
  series: GoalSeries[];
}
