import { describe, expect, it } from 'vitest';
import { filtersFromParams, filtersToParams } from '../../src/lib/state/url-filters';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { addDays, lengthInDays, resolvePeriod } from '../../src/lib/analyses/period';
import { dateLit, ident, lit, litList, SqlValueError } from '../../src/lib/engine/sql';
import { recallMapping, rememberMapping } from '../../src/lib/state/mapping-memory';
import type { FilePlan } from '../../src/lib/ingest/types';

describe('filters in the URL', () => {
  it('round-trips every filter and keeps unrelated parameters', () => {
    const f = { from: '2024-01-01', to: '2024-03-31', channels: ['EC', 'アプリ'], member: 'member' as const };
    const p = filtersToParams(f, new URLSearchParams('tab=x&from=1999-01-01'));
    expect(p.get('tab')).toBe('x');
    expect(filtersFromParams(p)).toEqual(f);
  });

  it('writes nothing for the defaults', () => {
    expect(filtersToParams(NO_FILTERS).toString()).toBe('');
  });

  it.each([
    ['from=2024-02-30', { from: null }],
    ['from=yesterday&to=2024-13-01', { from: null, to: null }],
    ['member=admin', { member: 'all' }],
    ['from=2024-05-01&to=2024-01-01', { from: '2024-01-01', to: '2024-05-01' }],
    ['channel=&channel=EC', { channels: ['EC'] }],
    ['%E0%A4%A=broken&from=2024-01-01', { from: '2024-01-01' }]
  ])('reads the malformed link %s safely', (query, expected) => {
    expect(filtersFromParams(new URLSearchParams(query))).toMatchObject(expected);
  });
});

describe('periods', () => {
  it('compares with the period of equal length just before', () => {
    expect(resolvePeriod('2024-03-01', '2024-03-31', '2020-01-01', '2025-01-01')).toEqual({
      from: '2024-03-01', to: '2024-03-31', previousFrom: '2024-01-30', previousTo: '2024-02-29'
    });
    expect(lengthInDays('2024-01-30', '2024-02-29')).toBe(31);
  });
  it('defaults to the data range', () => {
    expect(resolvePeriod(null, null, '2023-04-01', '2026-03-31').from).toBe('2023-04-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });
});

describe('SQL literals', () => {
  it('escapes quotes and refuses what is not a value', () => {
    expect(lit("O'Reilly")).toBe("'O''Reilly'");
    expect(lit('a\u0000b')).toBe("'ab'");
    expect(ident('a"b')).toBe('"a""b"');
    expect(() => lit(Number.NaN)).toThrow(SqlValueError);
    expect(() => dateLit("2024-01-01' OR 1=1 --")).toThrow(SqlValueError);
    expect(litList([])).toBe('(NULL)');
    expect(litList(['x', 2])).toBe("('x', 2)");
  });
});

describe('remembered mappings', () => {
  const plan = {
    signature: 'a\u001fb', kind: 'orders', identity: 'customer_id', dateOrder: 'mdy', dateOrderAmbiguous: true, scoreScale: '0-10',
    columns: [{ label: 'a', source: 'a', role: 'ignore' }, { label: 'b', source: 'b', role: 'amount' }]
  } as unknown as FilePlan;
  it('restores the roles and settings the user chose for the same headers', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
    expect(recallMapping(plan, storage)).toBeNull();
    rememberMapping({ ...plan, dateOrder: 'dmy', currency: 'GBP', columns: [{ ...plan.columns[0], role: 'customer_id' }, plan.columns[1]] }, storage);
    const back = recallMapping(plan, storage)!;
    expect(back.columns.map((c) => c.role)).toEqual(['customer_id', 'amount']);
    expect(back.dateOrder).toBe('dmy');
    expect(back.dateOrderAmbiguous).toBe(false);
    expect([back.currency, back.currencyClue]).toEqual(['GBP', 'user']);
  });

  it('does not ask again for a decimal mark the user answered for the same headers', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
    const asking = { ...plan, decimalMark: '.', decimalMarkAmbiguous: true } as FilePlan;
    rememberMapping({ ...asking, decimalMark: ',', decimalMarkAmbiguous: false }, storage);
    expect(recallMapping(asking, storage)).toMatchObject({ decimalMark: ',', decimalMarkAmbiguous: false });
    // A file whose numbers tell the mark by themselves keeps what they tell.
    expect(recallMapping({ ...plan, decimalMark: '.', decimalMarkAmbiguous: false } as FilePlan, storage)).toMatchObject({ decimalMark: '.' });
  });

  // An orders export with a 1–5 review column, as the inspection proposes it now.
  const reviews = {
    signature: 'date\u001fid\u001fscore\u001fstars\u001ftotal', kind: 'orders', identity: 'customer_id', dateOrder: 'ymd', dateOrderAmbiguous: false,
    scoreScale: '1-5', scaleReason: { code: 'values', scale: '1-5', lo: 1, hi: 5 }, hasHeader: true,
    columns: [
      { label: 'date', source: 'date', role: 'order_date' }, { label: 'id', source: 'id', role: 'customer_id' },
      { label: 'score', source: 'score', role: 'score' }, { label: 'stars', source: 'stars', role: 'ignore' }, { label: 'total', source: 'total', role: 'amount' }
    ],
    preview: [['2024-03-01', 'C1', '5', '7', '100'], ['2024-03-02', 'C2', '1', '3', '200']]
  } as unknown as FilePlan;
  const memory = (value: object) => {
    const store = new Map([['kizuna.mapping.' + reviews.signature, JSON.stringify(value)]]);
    return { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
  };
  const roles = Object.fromEntries(reviews.columns.map((c) => [c.label, c.role]));

  it('reads mappings remembered before orders could hold answers as the importer proposes them now', () => {
    // Then a score made the file a survey file, and 0–10 was proposed for every scale but 1–5.
    const back = recallMapping(reviews, memory({ roles, kind: 'responses', identity: 'customer_id', dateOrder: 'ymd', scoreScale: '0-10' }))!;
    expect([back.kind, back.scoreScale, back.scaleReason]).toEqual(['orders', '1-5', reviews.scaleReason]);
    // A scale the user set is theirs.
    expect(recallMapping(reviews, memory({ roles, kind: 'responses', identity: 'customer_id', dateOrder: 'ymd', scoreScale: '1-10' }))!.scoreScale).toBe('1-10');
  });

  it('keeps what was remembered since, and judges a remembered score column of its own afresh', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage;
    rememberMapping({ ...reviews, kind: 'responses', scoreScale: '0-10' }, storage);
    const same = recallMapping(reviews, storage)!;
    expect([same.kind, same.scoreScale, same.scaleReason]).toEqual(['responses', '0-10', reviews.scaleReason]);
    rememberMapping({ ...reviews, columns: reviews.columns.map((c) => ({ ...c, role: c.label === 'stars' ? 'score' : c.label === 'score' ? 'ignore' : c.role })) }, storage);
    const other = recallMapping(reviews, storage)!;
    expect(other.scaleReason).toEqual({ code: 'values_over_header', scale: '1-7', header: 'stars', hinted: '1-5', lo: 3, hi: 7 });
    expect(other.scoreScale).toBe('1-5');
  });

  it('still reads a mapping remembered without a currency or a version', () => {
    expect(recallMapping(reviews, memory({ roles, kind: 'orders', identity: 'customer_id', dateOrder: 'ymd', scoreScale: '1-5' }))).toMatchObject({ kind: 'orders', scoreScale: '1-5' });
  });
});
