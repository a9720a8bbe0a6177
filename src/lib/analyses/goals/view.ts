/**
 * The goals in the URL (`goals=repeat:0.35:2027-03-31,active:12000:2027-06-30`) and on the
 * device (localStorage 'kizuna.goals', the same text, used when the URL has none). Parsing is
 * forgiving: an entry with an unknown metric, a target that is not a finite number, a date that
 * is not a day of the calendar, or a second goal on the same metric is ignored, the rest kept.
 * Shares are written as fractions (0.35 for 35 %), NPS in points, money in the data's currency.
 */
import { GOAL_METRICS, type GoalMetric } from './types';

export interface Goal {
  metric: GoalMetric;
  target: number;
  /** The day the target is to be reached by, YYYY-MM-DD. */
  date: string;
}

export interface GoalsView {
  goals: Goal[];
}

export const GOALS_KEY = 'goals';
export const GOALS_STORAGE_KEY = 'kizuna.goals';
/** Anything longer in a URL is not a list of goals someone set. */
const MAX_TEXT = 2000;

/** Whether a YYYY-MM-DD string names a day of the calendar (2027-02-30 does not). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}

const isMetric = (s: string): s is GoalMetric => (GOAL_METRICS as readonly string[]).includes(s);

/** The goals a text holds, in GOAL_METRICS order, one per metric (the first one written wins). */
export function parseGoals(text: string | null | undefined): Goal[] {
  if (!text || text.length > MAX_TEXT) return [];
  const byMetric = new Map<GoalMetric, Goal>();
  for (const entry of text.split(',')) {
    const [metric, target, date, ...rest] = entry.trim().split(':');
    if (rest.length || metric === undefined || target === undefined || date === undefined) continue;
    if (!isMetric(metric) || byMetric.has(metric) || !isCalendarDate(date)) continue;
    if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(target)) continue;
    const value = Number(target);
    if (!Number.isFinite(value)) continue;
    byMetric.set(metric, { metric, target: value, date });
  }
  return GOAL_METRICS.flatMap((m) => byMetric.get(m) ?? []);
}

/** The text of a list of goals (empty for none); parseGoals reads it back to the same goals. */
export function serializeGoals(goals: readonly Goal[]): string {
  return parseGoals(goals.map((g) => `${g.metric}:${String(g.target)}:${g.date}`).join(',')).map((g) => `${g.metric}:${String(g.target)}:${g.date}`).join(',');
}

export const goalsViewFromParams = (p: URLSearchParams): GoalsView => ({ goals: parseGoals(p.get(GOALS_KEY)) });

/** Write the goals into a copy of `params`: none removes the parameter. */
export function goalsViewToParams(change: Partial<GoalsView>, params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  if (change.goals === undefined) return out;
  const text = serializeGoals(change.goals);
  if (text) out.set(GOALS_KEY, text);
  else out.delete(GOALS_KEY);
  return out;
}

/** Add a goal, or replace the one on the same metric. */
export function putGoal(goals: readonly Goal[], goal: Goal): Goal[] {
  return parseGoals(serializeGoals([goal, ...goals.filter((g) => g.metric !== goal.metric)]));
}

export function removeGoal(goals: readonly Goal[], metric: GoalMetric): Goal[] {
  return goals.filter((g) => g.metric !== metric);
}
