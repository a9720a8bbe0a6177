/**
 * The goals remembered on this device (localStorage), as the URL's `goals` text: a page opened
 * without goals in its URL takes them from here. Nothing is sent anywhere.
 */
import { GOALS_STORAGE_KEY, parseGoals, serializeGoals, type Goal } from '../analyses/goals/view';

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
