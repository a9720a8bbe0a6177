/** Calendar months as 'YYYY-MM' strings. */
import { addDays } from '../period';

/** 'YYYY-MM' plus `k` months. */
export function addMonths(month: string, k: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + k;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The last day of a 'YYYY-MM' month, YYYY-MM-DD. */
export function monthEnd(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1);
}
