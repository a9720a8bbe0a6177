/** Calendar-date arithmetic on YYYY-MM-DD strings (UTC-based so no time zone can shift a day). */

const DAY = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseIso(iso: string): number {
  return Date.parse(iso + 'T00:00:00Z');
}

export function addDays(iso: string, days: number): string {
  return isoDate(parseIso(iso) + days * DAY);
}

/** Days in [from, to], both included. */
export function lengthInDays(from: string, to: string): number {
  return Math.round((parseIso(to) - parseIso(from)) / DAY) + 1;
}

export interface Period {
  from: string;
  to: string;
  /** The period of equal length that ends the day before `from`. */
  previousFrom: string;
  previousTo: string;
}

/** The period to analyse: the filter's dates, else the data's first and last day. */
export function resolvePeriod(filterFrom: string | null, filterTo: string | null, dataFirst: string, dataLast: string): Period {
  const from = filterFrom ?? dataFirst;
  const to = filterTo ?? dataLast;
  const len = lengthInDays(from, to);
  return { from, to, previousTo: addDays(from, -1), previousFrom: addDays(from, -len) };
}

/** Today's calendar date in the user's time zone, YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
