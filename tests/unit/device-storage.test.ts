/**
 * The settings page's account of the device: what each stored key is, and about how large.
 * (Listing and erasing the browser's real storage is checked end to end, tests/e2e/settings.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { approxBytes, classifyKeyval, classifyWebStorage, sortItems } from '../../src/lib/state/device-storage';

/** A Web Storage area in memory. */
function storage(entries: Record<string, string>): Storage {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    clear: () => map.clear()
  };
}

describe('stored sizes', () => {
  it('counts files by their size and text as UTF-16', () => {
    const file = new File([new Uint8Array(5000)], 'orders.csv');
    expect(approxBytes(file)).toBe(5000);
    expect(approxBytes('abc')).toBe(6);
    expect(approxBytes({ files: [file, file], n: 1 })).toBe('files'.length * 2 + 10_000 + 2 + 8);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(approxBytes(loop)).toBe(8);
  });
});

describe('IndexedDB entries', () => {
  it('names the dataset copy with its files and size', () => {
    const a = new File([new Uint8Array(1200)], '受注.csv');
    const b = new File([new Uint8Array(300)], 'customers.csv');
    const item = classifyKeyval('kizuna.dataset.v1', { kind: 'files', files: [a, b], plans: [{ fileName: '受注.csv' }, { fileName: 'customers.csv' }] });
    expect(item).toMatchObject({ kind: 'dataset', where: 'indexedDB', count: 2, files: ['受注.csv', 'customers.csv'] });
    expect(item.bytes).toBeGreaterThanOrEqual(1500);
    expect(classifyKeyval('kizuna.dataset.v1', { kind: 'demo' })).toMatchObject({ kind: 'dataset', demo: true, files: [] });
  });

  it('counts follow-up marks and lists anything else under its own name', () => {
    const marks = { 'r:1': '2026-01-01T00:00:00Z', 'r:2': '2026-01-02T00:00:00Z' };
    expect(classifyKeyval('kizuna.followups.v1', marks)).toMatchObject({ kind: 'followups', count: 2 });
    expect(classifyKeyval('something-else', [1, 2, 3])).toMatchObject({ kind: 'other', name: 'something-else', bytes: 24 + 28 });
  });
});

describe('localStorage', () => {
  it('groups remembered mappings, names goals and the language, keeps every other key', () => {
    const items = classifyWebStorage(
      storage({
        'kizuna.locale': 'ja',
        'kizuna.mapping.abc': '{"roles":{}}',
        'kizuna.mapping.def': '{"roles":{}}',
        'kizuna.goals': '[{"metric":"repeat","target":0.3}]',
        'someone.else': 'x'
      }),
      'localStorage'
    );
    expect(sortItems(items).map((i) => [i.kind, i.name, i.count])).toEqual([
      ['mappings', 'kizuna.mapping.*', 2],
      ['goals', 'kizuna.goals', null],
      ['locale', 'kizuna.locale', null],
      ['other', 'someone.else', null]
    ]);
    const mappings = items.find((i) => i.kind === 'mappings')!;
    expect(mappings.bytes).toBe(2 * 2 * ('kizuna.mapping.abc'.length + '{"roles":{}}'.length));
    expect(items.find((i) => i.kind === 'locale')!.bytes).toBe(2 * ('kizuna.locale'.length + 2));
  });

  it('finds nothing in an empty area', () => {
    expect(classifyWebStorage(storage({}), 'sessionStorage')).toEqual([]);
  });
});
