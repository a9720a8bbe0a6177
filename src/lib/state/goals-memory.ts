/**
 * The goals remembered on this device (localStorage), as the URL's `goals` text: a page opened
 * without goals in its URL takes them from here. Nothing is sent anywhere.
 */
import { GOALS_KEY, GOALS_STORAGE_KEY, goalsViewToParams, parseGoals, serializeGoals, type Goal } from '../analyses/goals/view';

const storage = (): Storage | null => (typeof localStorage === 'undefined' ? null : localStorage);

export function recallGoals(s: Storage | null = storage()): Goal[] {
  try {
    return parseGoals(s?.getItem(GOALS_STORAGE_KEY));
  } catch {
    return [];
  }
}

export function rememberGoals(goals: readonly Goal[], s: Storage | null = storage()): void {
  try {
    const text = serializeGoals(goals);
    if (text) s?.setItem(GOALS_STORAGE_KEY, text);
    else s?.removeItem(GOALS_STORAGE_KEY);
  } catch {
    // Storage full or blocked (private mode): the goals stay in the URL.
  }
}

/**
 * `params` with the goals remembered on this device when it has none, as the goals page takes
 * them when it opens: for the "all pages" report made from another page, whose address carries
 * that page's settings only (without this, the report's goals page had no goals).
 */
export function withRememberedGoals(params: URLSearchParams, s: Storage | null = storage()): URLSearchParams {
  if (params.has(GOALS_KEY)) return params;
  const remembered = recallGoals(s);
  return remembered.length ? goalsViewToParams({ goals: remembered }, params) : params;
}
