/**
 * The demo's orders and customers read straight from the generated CSV text, without the
 * importer: what tests compute their expected figures from. The orders and customers files have
 * no quoted fields (checked here), so a plain split is exact.
 */
import type { DemoFile } from '../../src/lib/demo/generate';

export interface DemoOrderRow {
  customer: string;
  /** YYYY-MM-DD. */
  day: string;
  amount: number;
  /** Completed: a purchase. Cancelled and returned orders are not (the importer reads them as returns, amount 0). */
  done: boolean;
  pointsEarned: number;
  pointsUsed: number;
}

export interface DemoCustomerRow {
  id: string;
  memberSince: string | null;
  tier: string | null;
  source: string;
  referrer: string | null;
}

function rows(text: string): string[][] {
  if (text.includes('"')) throw new Error('quoted fields: a plain split would not do');
  return text.trimEnd().split('\n').slice(1).map((l) => l.split(','));
}

export function demoRows(files: readonly DemoFile[]): { orders: DemoOrderRow[]; customers: DemoCustomerRow[] } {
  const [orders, customers] = ['orders.csv', 'customers.csv'].map((name) => rows(files.find((f) => f.name === name)!.text));
  return {
    orders: orders.map((r) => ({
      customer: r[1],
      day: r[2].slice(0, 10),
      amount: r[4] === '完了' ? Number(r[3]) : 0,
      done: r[4] === '完了',
      pointsEarned: Number(r[10]),
      pointsUsed: Number(r[11])
    })),
    customers: customers.map((r) => ({ id: r[0], memberSince: r[2] || null, tier: r[3] || null, source: r[8], referrer: r[9] || null }))
  };
}

/** Days from `a` to `b` (YYYY-MM-DD). */
export const daysBetween = (a: string, b: string) => (Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000;
