import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOYAL, activeCriteria, loyalFromParams, loyalToParams, normalizeLoyal, sameLoyal, type LoyalDefinition
} from '../../src/lib/analyses/loyal/definition';

const def = (d: Partial<LoyalDefinition>): LoyalDefinition => ({
  minPurchases: null, minSpend: null, minTenureDays: null, tenureFrom: 'first_purchase', topPercent: null, ...d
});

const read = (query: string) => loyalFromParams(new URLSearchParams(query));

describe('loyal definition', () => {
  it('defaults to the top 20 % by spend and nothing else', () => {
    expect(DEFAULT_LOYAL).toEqual(def({ topPercent: 20 }));
    expect(read('')).toEqual(DEFAULT_LOYAL);
    expect(read('from=2024-01-01&channel=EC')).toEqual(DEFAULT_LOYAL);
  });

  it('round-trips every kind of definition through the URL', () => {
    const cases: LoyalDefinition[] = [
      def({ minPurchases: 3 }),
      def({ minSpend: 50_000 }),
      def({ minSpend: 0 }),
      def({ minSpend: 1234.5, topPercent: 7.5 }),
      def({ minTenureDays: 0, tenureFrom: 'member_since' }),
      def({ minTenureDays: 365, tenureFrom: 'first_purchase', topPercent: 100 }),
      def({ minPurchases: 2, minSpend: 10_000, minTenureDays: 180, tenureFrom: 'member_since', topPercent: 30 }),
      def({ topPercent: 0.5 }),
      def({ topPercent: 20, tenureFrom: 'member_since' }),
      def({ minSpend: 1e21 })
    ];
    for (const d of cases) {
      const params = loyalToParams(d);
      expect(loyalFromParams(new URLSearchParams(params.toString())), params.toString()).toEqual(d);
    }
  });

  it('writes nothing for the default and keeps unrelated parameters', () => {
    const base = new URLSearchParams('from=2024-01-01&channel=EC&loyal.minPurchases=9');
    const out = loyalToParams({ ...DEFAULT_LOYAL }, base);
    expect(out.toString()).toBe('from=2024-01-01&channel=EC');
    const custom = loyalToParams(def({ minPurchases: 2 }), base);
    expect(custom.get('from')).toBe('2024-01-01');
    expect(custom.getAll('loyal.minPurchases')).toEqual(['2']);
    // Criteria that are not set are absent, not written as empty values.
    expect([...custom.keys()].filter((k) => k.startsWith('loyal.'))).toEqual(['loyal.minPurchases']);
    // `base` itself is left alone.
    expect(base.get('loyal.minPurchases')).toBe('9');
  });

  it('reads the criteria present as the whole definition', () => {
    expect(read('loyal.minPurchases=3')).toEqual(def({ minPurchases: 3 }));
    expect(read('loyal.minSpend=10000&loyal.topPercent=50')).toEqual(def({ minSpend: 10_000, topPercent: 50 }));
  });

  it('drops malformed numbers instead of failing', () => {
    for (const bad of ['abc', '', ' ', '0x10', 'Infinity', 'NaN', '1,000', '12abc', '--1', '1e999', '9'.repeat(40)]) {
      expect(read(`loyal.minSpend=${encodeURIComponent(bad)}&loyal.minPurchases=2`), bad).toEqual(def({ minPurchases: 2 }));
    }
    expect(read('loyal.minSpend=1e4&loyal.minPurchases=2')).toEqual(def({ minPurchases: 2, minSpend: 10_000 }));
    expect(read('loyal.minSpend=%2012.5%20')).toEqual(def({ minSpend: 12.5 }));
  });

  it('clamps top N % to (0, 100] and drops values outside it from below', () => {
    expect(read('loyal.topPercent=150').topPercent).toBe(100);
    expect(read('loyal.topPercent=100').topPercent).toBe(100);
    expect(read('loyal.topPercent=0.1').topPercent).toBe(0.1);
    expect(read('loyal.topPercent=0&loyal.minPurchases=2')).toEqual(def({ minPurchases: 2 }));
    expect(read('loyal.topPercent=-5&loyal.minPurchases=2')).toEqual(def({ minPurchases: 2 }));
  });

  it('checks the other criteria', () => {
    expect(read('loyal.minPurchases=2.5').minPurchases).toBe(3);
    expect(read('loyal.minPurchases=0&loyal.minSpend=1').minPurchases).toBeNull();
    expect(read('loyal.minPurchases=-2&loyal.minSpend=1').minPurchases).toBeNull();
    expect(read('loyal.minSpend=-1&loyal.minPurchases=2').minSpend).toBeNull();
    expect(read('loyal.minTenureDays=-1&loyal.minPurchases=2').minTenureDays).toBeNull();
    expect(read('loyal.minTenureDays=30.2').minTenureDays).toBe(31);
    expect(read('loyal.minTenureDays=0').minTenureDays).toBe(0);
  });

  it('reads an unknown tenure origin as the first purchase', () => {
    expect(read('loyal.minTenureDays=90&loyal.tenureFrom=signup')).toEqual(def({ minTenureDays: 90 }));
    expect(read('loyal.minTenureDays=90&loyal.tenureFrom=MEMBER_SINCE').tenureFrom).toBe('first_purchase');
    expect(read('loyal.minTenureDays=90&loyal.tenureFrom=member_since').tenureFrom).toBe('member_since');
  });

  it('falls back to the default when no criterion survives, keeping the tenure origin', () => {
    expect(read('loyal.topPercent=abc')).toEqual(DEFAULT_LOYAL);
    expect(read('loyal.minPurchases=0&loyal.topPercent=-1')).toEqual(DEFAULT_LOYAL);
    expect(read('loyal.tenureFrom=member_since')).toEqual({ ...DEFAULT_LOYAL, tenureFrom: 'member_since' });
    expect(normalizeLoyal(def({}))).toEqual(DEFAULT_LOYAL);
    expect(normalizeLoyal(null)).toEqual(DEFAULT_LOYAL);
    expect(normalizeLoyal({ minPurchases: Number.NaN, minSpend: Number.POSITIVE_INFINITY })).toEqual(DEFAULT_LOYAL);
  });

  it('takes the first of repeated keys', () => {
    expect(read('loyal.minPurchases=4&loyal.minPurchases=9').minPurchases).toBe(4);
  });

  it('writes what normalisation keeps', () => {
    const params = loyalToParams(def({ minPurchases: 2.2, minSpend: Number.NaN, topPercent: 250 }));
    expect(Object.fromEntries(params)).toEqual({ 'loyal.minPurchases': '3', 'loyal.topPercent': '100' });
  });

  it('compares and lists criteria after normalisation', () => {
    expect(sameLoyal(def({}), DEFAULT_LOYAL)).toBe(true);
    expect(sameLoyal(def({ topPercent: 120 }), def({ topPercent: 100 }))).toBe(true);
    expect(sameLoyal(def({ topPercent: 20 }), def({ topPercent: 20, minPurchases: 1 }))).toBe(false);
    expect(activeCriteria(def({ minTenureDays: 10, minPurchases: 2 }))).toEqual(['minPurchases', 'minTenureDays']);
    expect(activeCriteria(def({}))).toEqual(['topPercent']);
  });
});
