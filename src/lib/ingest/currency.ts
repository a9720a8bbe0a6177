/**
 * The currency of an orders file, so amounts are shown in it (UCI Online Retail is in pounds,
 * not yen). Exports rarely say; the clues, strongest first:
 * - a currency sign or code in the money values (`£12.50`, `¥1,200`, `1,200円`, `US$9`);
 * - a currency column (`Currency: JPY`, as Shopify and payment exports have);
 * - a currency in a money column's name (`金額(円)`, `Amount (USD)`, `price_eur`);
 * - one country for most orders in a country column (`United Kingdom` → GBP);
 * otherwise yen, the default of a Japan-first tool, said as a doubt when most amounts have cents
 * (yen amounts have none: 84.51°'s $3.86). The mapping screen shows the guess and lets the user
 * change it; nothing is converted, only labelled.
 */
import type { ColumnPlan } from './types';

/** The currencies offered on the mapping screen (ISO 4217), yen first. */
export const CURRENCIES = ['JPY', 'USD', 'EUR', 'GBP', 'CNY', 'KRW', 'TWD', 'HKD', 'SGD', 'AUD', 'CAD', 'THB'] as const;
export type Currency = (typeof CURRENCIES)[number];
export const DEFAULT_CURRENCY: Currency = 'JPY';

/** Why the currency was chosen ('user': on the mapping screen, now or for the same headers before). */
export type CurrencyClue = 'values' | 'column' | 'header' | 'country' | 'default' | 'cents' | 'user';

/** An amount with one or two decimals (`3.86`, `1,234.5`): a price in cents, never in yen. */
const CENTS = /^[^\d]*[-+−]?[\d,]*\d[.]\d{1,2}\D*$/;

/** The dataset's currency: its (first) orders file's; yen without one. */
export function datasetCurrency(plans: { kind: string; currency?: Currency }[]): Currency {
  return plans.find((p) => p.kind === 'orders')?.currency ?? DEFAULT_CURRENCY;
}

/** Signs and codes, the more specific first (`HK$` before `$`). */
const SIGNS: [RegExp, Currency][] = [
  [/US\$|\bUSD\b/i, 'USD'],
  [/HK\$|\bHKD\b/i, 'HKD'],
  [/NT\$|\bTWD\b/i, 'TWD'],
  [/S\$|\bSGD\b/i, 'SGD'],
  [/A\$|\bAUD\b/i, 'AUD'],
  [/C\$|CA\$|\bCAD\b/i, 'CAD'],
  [/CN¥|RMB|元|\bCNY\b/i, 'CNY'],
  [/[¥￥\\]|円|\bJPY\b/i, 'JPY'],
  [/€|\bEUR\b/i, 'EUR'],
  [/£|\bGBP\b/i, 'GBP'],
  [/₩|원|\bKRW\b/i, 'KRW'],
  [/฿|\bTHB\b/i, 'THB'],
  [/\$/, 'USD']
];

const COUNTRIES: [RegExp, Currency][] = [
  [/^(united kingdom|uk|great britain|england|scotland|wales|northern ireland)$/i, 'GBP'],
  [/^(united states|usa|us|united states of america)$/i, 'USD'],
  [/^(japan|日本)$/i, 'JPY'],
  [/^(germany|france|spain|italy|netherlands|belgium|austria|ireland|eire|portugal|finland|greece|luxembourg|slovakia|slovenia|estonia|latvia|lithuania|malta|cyprus|croatia)$/i, 'EUR'],
  [/^(australia)$/i, 'AUD'],
  [/^(canada)$/i, 'CAD'],
  [/^(china|中国)$/i, 'CNY'],
  [/^(korea|south korea|republic of korea|韓国)$/i, 'KRW'],
  [/^(taiwan|台湾)$/i, 'TWD'],
  [/^(hong kong|香港)$/i, 'HKD'],
  [/^(singapore|シンガポール)$/i, 'SGD'],
  [/^(thailand|タイ)$/i, 'THB']
];

const MONEY_ROLES = new Set(['amount', 'unit_price', 'refund']);
const COUNTRY_HEADER = /country|国名|^国$/i;
const CURRENCY_HEADER = /^(currency|通貨)/i;

function signIn(text: string): Currency | null {
  return SIGNS.find(([re]) => re.test(text))?.[1] ?? null;
}

/** The most common of the non-null values, with its share of them. */
function majority<T>(values: (T | null)[]): { value: T; share: number } | null {
  const counts = new Map<T, number>();
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    n++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best: { value: T; share: number } | null = null;
  for (const [value, c] of counts) if (!best || c / n > best.share) best = { value, share: c / n };
  return best;
}

/** The currency of a file from its sample rows: money values, money column names, a country column. */
export function detectCurrency(columns: Pick<ColumnPlan, 'role' | 'label'>[], rows: string[][]): { currency: Currency; clue: CurrencyClue } {
  const cells = (i: number) => rows.map((row) => row[i]).filter((v) => v !== undefined && v.trim() !== '');
  const money = columns.flatMap((c, i) => (MONEY_ROLES.has(c.role) ? [{ c, i }] : []));
  // Digits alone say nothing; among the values that carry a sign, the most common sign wins.
  const signed = majority(money.flatMap(({ i }) => cells(i).map(signIn)));
  if (signed) return { currency: signed.value, clue: 'values' };
  // A currency or country column counts only when most of its rows name one known value.
  const dominant = (column: number, read: (v: string) => Currency | undefined): Currency | null => {
    if (column < 0) return null;
    const top = majority(cells(column).map((v) => read(v.trim()) ?? 'unknown'));
    return top && top.value !== 'unknown' && top.share >= 0.5 ? top.value : null;
  };
  const coded = dominant(columns.findIndex((c) => CURRENCY_HEADER.test(c.label.trim())), (v) => CURRENCIES.find((k) => k === v.toUpperCase()));
  if (coded) return { currency: coded, clue: 'column' };
  const named = money.map(({ c }) => signIn(c.label)).find((v) => v !== null);
  if (named) return { currency: named, clue: 'header' };
  // Prefectures or a mix of countries say nothing.
  const country = dominant(
    columns.findIndex((c) => c.role === 'region' || COUNTRY_HEADER.test(c.label)),
    (v) => COUNTRIES.find(([re]) => re.test(v))?.[1]
  );
  if (country) return { currency: country, clue: 'country' };
  const amounts = money.flatMap(({ i }) => cells(i).map((v) => v.trim()));
  const cents = amounts.filter((v) => CENTS.test(v)).length;
  return { currency: DEFAULT_CURRENCY, clue: amounts.length > 0 && cents / amounts.length >= 0.5 ? 'cents' : 'default' };
}
