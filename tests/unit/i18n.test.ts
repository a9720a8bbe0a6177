import { describe, expect, it } from 'vitest';
import { ja } from '../../src/lib/i18n/messages/ja';
import { en } from '../../src/lib/i18n/messages/en';
import { formatters } from '../../src/lib/i18n/format';
import { IntlMessageFormat } from 'intl-messageformat';

describe('UI text', () => {
  it('has every message in both languages, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
    const placeholders = (m: string) => [...m.matchAll(/\{(\w+)/g)].map((x) => x[1]).sort();
    for (const key of Object.keys(ja) as (keyof typeof ja)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(ja[key]));
      expect(() => new IntlMessageFormat(ja[key], 'ja-JP'), key).not.toThrow();
      expect(() => new IntlMessageFormat(en[key], 'en-US'), key).not.toThrow();
    }
  });
});

describe('formatting', () => {
  it('writes yen, percents and dates the Japanese way', () => {
    const f = formatters('ja');
    expect(f.money(1234567)).toBe('￥1,234,567');
    expect(f.moneyCompact(123_456_789)).toBe('￥1.23億');
    expect(f.moneyCompact(9_999)).toBe('￥9,999');
    expect(f.percent(0.123)).toBe('12.3%');
    expect(f.date('2024-03-05')).toBe('2024年3月5日');
    expect(f.month('2024-03')).toBe('2024年3月');
  });
  it('and the English way', () => {
    const f = formatters('en');
    expect(f.money(1234567)).toBe('¥1,234,567');
    expect(f.moneyCompact(1_234_567)).toBe('¥1.23M');
    expect(f.signedPercent(0.05)).toBe('+5.0%');
    expect(f.date('2024-03-05')).toBe('Mar 5, 2024');
  });
});
