/**
 * Property-based checks (fast-check) of the importer's normalisation, on real DuckDB: a date
 * written in any supported spelling reads as that date, an amount in any supported spelling as
 * that number, and a header built of a role's words in any casing and separators as that role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NodeDatabase } from '../helpers/duckdb';
import { lit } from '../../src/lib/engine/sql';
import { parseNumber, parseTimestamp } from '../../src/lib/ingest/normalize';
import { isDateLike, roleFromHeader } from '../../src/lib/ingest/roles';
import { toRows } from '../../src/lib/engine/types';

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
});
afterAll(() => db.close());

const FULL = (s: string) => s.replace(/[0-9./-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Each era's first day and its name and initial (the last era open-ended). */
const ERAS = [
  { start: '1926-12-25', first: 1926, name: '昭和', initial: 'S' },
  { start: '1989-01-08', first: 1989, name: '平成', initial: 'H' },
  { start: '2019-05-01', first: 2019, name: '令和', initial: 'R' }
];

/** Every spelling the importer reads for a calendar day (era ones for the era the day is in). */
function spellings(y: number, m: number, d: number): string[] {
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const serial = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
  const era = [...ERAS].reverse().find((e) => iso >= e.start)!;
  const n = y - era.first + 1;
  const eraYear = n === 1 ? '元' : String(n);
  const out = [
    iso, `${y}/${m}/${d}`, `${y}.${m}.${d}`, `${y}年${m}月${d}日`, iso.replaceAll('-', ''), FULL(`${y}/${m}/${d}`),
    `${iso}T10:00:00+09:00`, `${y}/${m}/${d} 9:05`, String(serial),
    `${era.name}${eraYear}年${m}月${d}日`, `${era.initial}${n}.${m}.${d}`, `${era.initial.toLowerCase()}${String(n).padStart(2, '0')}/${m}/${d}`,
    FULL(`${era.initial}${n}.${m}.${d}`)
  ];
  return out;
}

describe('properties of normalisation', () => {
  it('a day in any supported spelling reads as that day', async () => {
    // 1955–2099: Excel serials are taken from 5 digits on (1927-04-18); every day is in Shōwa or later.
    const day = fc.date({ min: new Date(Date.UTC(1955, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true });
    await fc.assert(
      fc.asyncProperty(day, async (date) => {
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const want = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const values = spellings(y, m, d);
        for (const v of values) expect([v, isDateLike(v) || /^\d{5}$/.test(v)]).toEqual([v, true]);
        const rows = toRows<{ v: string; d: string | null }>(
          await db.query(`SELECT v, strftime(${parseTimestamp('v', 'ymd')}, '%Y-%m-%d') AS d FROM (VALUES ${values.map((v) => `(${lit(v)})`).join(', ')}) t(v)`)
        );
        for (const r of rows) expect([r.v, r.d]).toEqual([r.v, want]);
      }),
      { numRuns: 60, seed: 20261204 }
    );
  });

  it('an amount in any supported spelling reads as that number', async () => {
    const amount = fc.record({ yen: fc.integer({ min: 0, max: 99_999_999 }), cents: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }), negative: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(amount, async ({ yen, cents, negative }) => {
        const plain = cents === undefined ? String(yen) : `${yen}.${String(cents).padStart(2, '0')}`;
        const grouped = yen.toLocaleString('en-US') + (cents === undefined ? '' : `.${String(cents).padStart(2, '0')}`);
        const want = (negative ? -1 : 1) * Number(plain);
        const sign = negative ? ['-', '−', '△', '▲'] : [''];
        const forms = [plain, grouped, `¥${grouped}`, `￥${grouped}`, `${grouped}円`, `\\${grouped}`, FULL(grouped).replaceAll(',', '，'), ` ${grouped} `];
        const values = sign.flatMap((s) => forms.map((f) => (s === '' ? f : f.startsWith('¥') || f.startsWith('￥') || f.startsWith('\\') ? f[0] + s + f.slice(1) : s + f.trim())));
        if (negative) values.push(`(${grouped})`, `(¥${grouped})`);
        const rows = toRows<{ v: string; n: number | null }>(
          await db.query(`SELECT v, ${parseNumber('v')} AS n FROM (VALUES ${values.map((v) => `(${lit(v)})`).join(', ')}) t(v)`)
        );
        for (const r of rows) expect([r.v, r.n === null ? null : Math.round(r.n * 100) / 100]).toEqual([r.v, negative && want === 0 ? 0 : want]);
      }),
      { numRuns: 60, seed: 20261204 }
    );
  });
});

describe('properties of header words', () => {
  /** A header spelled from words: any case, joined by any separator or camelCase. */
  const spelled = (words: string[]) =>
    fc.record({ sep: fc.constantFrom('_', '-', ' ', '.', 'camel', 'Pascal'), upper: fc.boolean() }).map(({ sep, upper }) => {
      if (sep === 'camel' || sep === 'Pascal') {
        return words.map((w, i) => (i === 0 && sep === 'camel' ? w : w[0].toUpperCase() + w.slice(1))).join('');
      }
      const h = words.join(sep);
      return upper ? h.toUpperCase() : h;
    });

  it('a customer’s word, modifiers and an id word make a customer id', () => {
    const words = fc.tuple(
      fc.constantFrom('customer', 'buyer', 'client', 'shopper', 'member', 'purchaser'),
      fc.constantFrom([], ['unique'], ['internal']),
      fc.constantFrom('id', 'ref', 'number', 'code', 'key', 'uid')
    ).chain(([s, mods, k]) => spelled([s, ...mods, k]));
    fc.assert(fc.property(words, (h) => roleFromHeader(h) === 'customer_id'), { numRuns: 300, seed: 1 });
  });

  it('money words make an amount unless a word rules it out', () => {
    const words = fc.tuple(fc.constantFrom([], ['order'], ['payment'], ['grand']), fc.constantFrom('total', 'value', 'amount', 'paid', 'revenue'))
      .chain(([s, k]) => spelled([...s, k]));
    fc.assert(fc.property(words, (h) => roleFromHeader(h) === 'amount'), { numRuns: 300, seed: 2 });
    const ruledOut = fc.tuple(fc.constantFrom('shipping', 'freight', 'tax', 'discount'), fc.constantFrom('value', 'amount')).chain(([a, b]) => spelled([a, b]));
    fc.assert(fc.property(ruledOut, (h) => roleFromHeader(h) !== 'amount'), { numRuns: 200, seed: 3 });
  });

  it('an order word and a time word make the order date, unless it is another event’s', () => {
    const words = fc.tuple(fc.constantFrom('order', 'purchase', 'created', 'placed', 'transaction'), fc.constantFrom('date', 'at', 'timestamp', 'datetime', 'on'))
      .chain(([s, k]) => spelled(s === 'order' ? ['order', 'purchase', k] : [s, k]));
    fc.assert(fc.property(words, (h) => roleFromHeader(h) === 'order_date'), { numRuns: 300, seed: 4 });
    const other = fc.tuple(fc.constantFrom('delivered', 'shipped', 'approved', 'estimated', 'cancelled'), fc.constantFrom('date', 'at'))
      .chain(([s, k]) => spelled(['order', s, k]));
    fc.assert(fc.property(other, (h) => roleFromHeader(h) !== 'order_date'), { numRuns: 200, seed: 5 });
  });
});
