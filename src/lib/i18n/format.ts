/**
 * Locale-aware number, money and date formatting. Pure functions of (locale, currency), so
 * charts, tables and tests share them.
 */
export type Locale = 'ja' | 'en';

const TAG: Record<Locale, string> = { ja: 'ja-JP', en: 'en-US' };

export interface Formatters {
  number(n: number, digits?: number): string;
  money(n: number): string;
  /** Compact money: ¥1.2億 / ¥12万 in Japanese, ¥1.2M in English. */
  moneyCompact(n: number): string;
  /** A fraction as a percent: 0.123 → 12.3%. */
  percent(x: number, digits?: number): string;
  /** A change in percentage points or percent with a sign. */
  signedPercent(x: number): string;
  /** 'YYYY-MM-DD' → 2024年3月5日 / Mar 5, 2024. */
  date(iso: string): string;
  /** 'YYYY-MM' → 2024年3月 / Mar 2024. */
  month(ym: string): string;
  /** A size in bytes, in binary units as file managers show it: 512 B, 3.4 MB, 1.8 GB. */
  bytes(n: number): string;
}

/** Intl formatters are costly to make (a heatmap formats hundreds of cells): one per locale and options. */
const cache = new Map<string, Intl.NumberFormat>();
export function numberFormat(tag: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = (tag ?? '') + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(tag, options)));
  return f;
}

export function formatters(locale: Locale, currency = 'JPY'): Formatters {
  const tag = TAG[locale];
  const num = numberFormat(tag, { maximumFractionDigits: 0 });
  const money = numberFormat(tag, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
  const compact = numberFormat(tag, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    notation: 'compact',
    maximumSignificantDigits: 3
  });
  const dateFmt = new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const monthFmt = new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const pct = (digits: number) => numberFormat(tag, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
  return {
    number: (n, digits = 0) =>
      digits === 0 ? num.format(n) : numberFormat(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n),
    money: (n) => money.format(n),
    moneyCompact: (n) => (Math.abs(n) < 10_000 ? money.format(n) : compact.format(n)),
    percent: (x, digits = 1) => pct(digits).format(x),
    signedPercent: (x) => (x > 0 ? '+' : '') + pct(1).format(x),
    date: (iso) => dateFmt.format(new Date(iso + 'T00:00:00Z')),
    month: (ym) => monthFmt.format(new Date(ym + '-01T00:00:00Z')),
    bytes: (n) => {
      const units = ['B', 'KB', 'MB', 'GB', 'TB'];
      let i = 0;
      while (i < units.length - 1 && Math.abs(n) >= 1024 ** (i + 1)) i++;
      const v = n / 1024 ** i;
      const digits = i === 0 || v >= 10 ? 0 : 1;
      return `${numberFormat(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v)} ${units[i]}`;
    }
  };
}
