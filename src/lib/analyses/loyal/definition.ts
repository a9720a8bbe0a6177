/**
 * What "loyal" means, as the user sets it, and how that definition travels in the URL (and,
 * being plain data, in snapshots).
 *
 * A customer is loyal when they meet EVERY criterion that is set (AND). A criterion set to
 * null is not applied. A definition with no criterion at all would call every customer loyal
 * and leave nobody to compare with, which is never what is meant: it falls back to
 * DEFAULT_LOYAL (top 20 % by spend). `normalizeLoyal` applies that rule and the value checks
 * below; the SQL builders and the URL parser both go through it, so a definition from a link,
 * a snapshot or a form is read the same way everywhere.
 */

/** Where tenure is counted from: the first purchase, or joining the programme (customers.member_since). */
export type TenureFrom = 'first_purchase' | 'member_since';

export const TENURE_FROM: readonly TenureFrom[] = ['first_purchase', 'member_since'];

export interface LoyalDefinition {
  /** At least this many purchases (distinct, non-returned orders); a whole number ≥ 1. */
  minPurchases: number | null;
  /** At least this much net spend (sales minus returns), in the data's currency; ≥ 0. */
  minSpend: number | null;
  /** At least this many days since `tenureFrom`; a whole number ≥ 0. */
  minTenureDays: number | null;
  /**
   * What `minTenureDays` counts from. With 'member_since', customers without a membership
   * date never meet the tenure criterion. Kept even when `minTenureDays` is null so a form
   * remembers the user's choice.
   */
  tenureFrom: TenureFrom;
  /**
   * Among the top N % of customers by net spend, 0 < N ≤ 100. Exactly ceil(N % × customers)
   * customers are in the top N % (ties at the boundary broken by customer id).
   */
  topPercent: number | null;
}

/** The default: the top 20 % of customers by net spend, nothing else. */
export const DEFAULT_LOYAL: Readonly<LoyalDefinition> = Object.freeze({
  minPurchases: null,
  minSpend: null,
  minTenureDays: null,
  tenureFrom: 'first_purchase',
  topPercent: 20
});

/** The criteria that can be set (everything but `tenureFrom`). */
export const LOYAL_CRITERIA = ['minPurchases', 'minSpend', 'minTenureDays', 'topPercent'] as const;
export type LoyalCriterion = (typeof LOYAL_CRITERIA)[number];

/** URL keys, one per field. Absent keys mean "not set" once any `loyal.` key is present. */
export const LOYAL_PARAM_KEYS: Readonly<Record<keyof LoyalDefinition, string>> = Object.freeze({
  minPurchases: 'loyal.minPurchases',
  minSpend: 'loyal.minSpend',
  minTenureDays: 'loyal.minTenureDays',
  tenureFrom: 'loyal.tenureFrom',
  topPercent: 'loyal.topPercent'
});

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A whole number ≥ min (fractions round up: "at least 2.5 purchases" means 3), else null. */
function atLeastWhole(v: unknown, min: number): number | null {
  const n = finite(v);
  if (n === null) return null;
  const whole = Math.ceil(n);
  return whole >= min ? whole : null;
}

function clampPercent(v: unknown): number | null {
  const n = finite(v);
  if (n === null || n <= 0) return null;
  return Math.min(n, 100);
}

/**
 * The definition as it will be applied: invalid values dropped (minPurchases < 1, negative
 * spend or tenure, NaN/Infinity), topPercent clamped to (0, 100] (≤ 0 is dropped, > 100 is
 * 100), unknown `tenureFrom` → 'first_purchase', and no criterion at all → DEFAULT_LOYAL
 * (keeping the given `tenureFrom`).
 */
export function normalizeLoyal(def: Partial<LoyalDefinition> | null | undefined): LoyalDefinition {
  const d = def ?? {};
  const spend = finite(d.minSpend);
  const out: LoyalDefinition = {
    minPurchases: atLeastWhole(d.minPurchases, 1),
    minSpend: spend !== null && spend >= 0 ? spend : null,
    minTenureDays: atLeastWhole(d.minTenureDays, 0),
    tenureFrom: d.tenureFrom === 'member_since' ? 'member_since' : 'first_purchase',
    topPercent: clampPercent(d.topPercent)
  };
  if (LOYAL_CRITERIA.every((k) => out[k] === null)) return { ...DEFAULT_LOYAL, tenureFrom: out.tenureFrom };
  return out;
}

/** Whether two definitions select the same customers' criteria (after normalisation). */
export function sameLoyal(a: Partial<LoyalDefinition>, b: Partial<LoyalDefinition>): boolean {
  const x = normalizeLoyal(a);
  const y = normalizeLoyal(b);
  return (Object.keys(LOYAL_PARAM_KEYS) as (keyof LoyalDefinition)[]).every((k) => x[k] === y[k]);
}

/** The criteria that are set, in a fixed order (for the UI's "loyal = … and …" sentence). */
export function activeCriteria(def: LoyalDefinition): LoyalCriterion[] {
  const d = normalizeLoyal(def);
  return LOYAL_CRITERIA.filter((k) => d[k] !== null);
}

/** Plain decimal text (with an optional exponent) only: `Number()` would also read '', ' ', '0x10' and 'Infinity'. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function numberParam(params: URLSearchParams, key: string): number | null {
  const raw = params.get(key);
  if (raw === null) return null;
  const t = raw.trim();
  if (t.length > 30 || !DECIMAL.test(t)) return null;
  return Number(t);
}

/**
 * Read a definition from URL parameters. No `loyal.` key at all → DEFAULT_LOYAL. Otherwise the
 * keys present are the definition (absent criteria are not set); malformed values are dropped
 * as in `normalizeLoyal`, so a link never fails to open — at worst it shows the default.
 */
export function loyalFromParams(params: URLSearchParams): LoyalDefinition {
  const keys = Object.values(LOYAL_PARAM_KEYS);
  if (!keys.some((k) => params.has(k))) return { ...DEFAULT_LOYAL };
  const tenureFrom = params.get(LOYAL_PARAM_KEYS.tenureFrom);
  return normalizeLoyal({
    minPurchases: numberParam(params, LOYAL_PARAM_KEYS.minPurchases),
    minSpend: numberParam(params, LOYAL_PARAM_KEYS.minSpend),
    minTenureDays: numberParam(params, LOYAL_PARAM_KEYS.minTenureDays),
    tenureFrom: tenureFrom === 'member_since' ? 'member_since' : 'first_purchase',
    topPercent: numberParam(params, LOYAL_PARAM_KEYS.topPercent)
  });
}

/**
 * Write a definition into a copy of `params`, keeping unrelated parameters. The default writes
 * no key at all (short links); any other definition writes every criterion that is set, and
 * `tenureFrom` when it is not 'first_purchase'.
 */
export function loyalToParams(def: LoyalDefinition, params: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const k of Object.values(LOYAL_PARAM_KEYS)) out.delete(k);
  const d = normalizeLoyal(def);
  if (sameLoyal(d, DEFAULT_LOYAL)) return out;
  for (const k of LOYAL_CRITERIA) {
    const v = d[k];
    if (v !== null) out.set(LOYAL_PARAM_KEYS[k], String(v));
  }
  if (d.tenureFrom !== 'first_purchase') out.set(LOYAL_PARAM_KEYS.tenureFrom, d.tenureFrom);
  return out;
}
