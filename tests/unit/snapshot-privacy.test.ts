/**
 * No customer in a snapshot (property-based): generated shops whose customers have unique ids,
 * names, e-mail addresses, phone numbers and comments — some of them even in columns the pages
 * split by (a channel that is somebody's e-mail, an acquisition source that is a name) — are
 * loaded through the real importer, every page is computed with the settings that show those
 * columns, and none of those strings may appear in the snapshot, in the link, or in the
 * snapshot decoded from the link.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { collectPages } from '../helpers/pages';
import { buildSnapshot } from '../../src/lib/state/snapshot/build';
import { decodeSnapshot, encodeSnapshot } from '../../src/lib/state/snapshot/codec';
import { addDays } from '../../src/lib/analyses/period';

interface Person {
  id: string;
  name: string;
  email: string;
  phone: string;
  comment: string;
  /** Where the person came from: most from shared sources, some from a value only they have. */
  source: string;
  /** Their channel: shared by most, or their own e-mail (a mis-mapped export). */
  channel: string;
  orders: { day: number; amount: number }[];
  score: number;
}

const token = fc.stringMatching(/^[a-z0-9]{10}$/);
const person = fc.record({
  token,
  shared: fc.boolean(),
  orders: fc.array(fc.record({ day: fc.nat({ max: 700 }), amount: fc.integer({ min: 100, max: 90_000 }) }), { minLength: 1, maxLength: 6 }),
  score: fc.integer({ min: 0, max: 10 }),
  source: fc.constantFrom('広告', '検索', '紹介')
});

const shop = fc.uniqueArray(person, { minLength: 25, maxLength: 70, selector: (p) => p.token }).map((people) =>
  people.map(
    (p, i): Person => ({
      id: `PIIid${p.token}`,
      name: `顧客${p.token}名前`,
      email: `pii.${p.token}@example.jp`,
      phone: `090-${String(1000 + i).slice(-4)}-${p.token.slice(0, 4)}`,
      comment: `<script>alert("${p.token}")</script>=cmd|${p.token}`,
      source: p.shared ? p.source : `紹介者${p.token}`,
      channel: p.shared || i % 3 ? (i % 2 ? 'EC' : '店舗') : `pii.${p.token}@example.jp`,
      orders: p.orders,
      score: p.score
    })
  )
);

function files(people: Person[]) {
  const day = (n: number) => addDays('2024-01-01', n);
  const orders = ['注文番号,顧客ID,注文日,金額,チャネル,メールアドレス'];
  let n = 0;
  for (const p of people) for (const o of p.orders) orders.push(`A${++n},${p.id},${day(o.day)},${o.amount},${p.channel},${p.email}`);
  const customers = ['顧客ID,氏名,メールアドレス,電話番号,流入元,入会日'];
  people.forEach((p, i) => customers.push(`${p.id},${p.name},${p.email},${p.phone},${p.source},${i % 2 ? day(p.orders[0].day) : ''}`));
  const responses = ['回答日,顧客ID,推奨度,コメント'];
  for (const p of people) responses.push(`${day(p.orders[0].day + 3)},${p.id},${p.score},"${p.comment.replace(/"/g, '""')}"`);
  return [
    { name: 'orders.csv', text: orders.join('\n') },
    { name: 'customers.csv', text: customers.join('\n') },
    { name: 'nps.csv', text: responses.join('\n') }
  ];
}

/** The personal strings of a shop, and the pieces of them that could leak on their own. */
const secrets = (people: Person[]) => people.flatMap((p) => [p.id, p.name, p.email, p.phone, p.comment, p.comment.slice(8, 30), p.source.startsWith('紹介者') ? p.source : null].filter((s): s is string => s !== null));

describe('snapshots of generated shops', () => {
  it('contain no customer id, name, e-mail, phone number or comment, whatever the pages are split by', async () => {
    await fc.assert(
      fc.asyncProperty(shop, async (people) => {
        const db = await NodeDatabase.open();
        try {
          await loadFiles(db, files(people));
          const pages = [
            ...(await collectPages(db, new URLSearchParams('by=channel'))),
            ...(await collectPages(db, new URLSearchParams('scheme=cpm&by=acquisition_source&grain=week')))
          ];
          const dataset = { rows: 1, customers: people.length, orders: 1, from: null, to: null };
          const { snapshot } = buildSnapshot({ pages, filters: { from: null, to: null, channels: [], member: 'all' }, dataset, locale: 'ja', currency: 'JPY' });
          // Filtered to a channel that is one person's e-mail: every page is about fewer than 5 customers.
          const own = people.find((p) => p.channel === p.email);
          if (own) {
            const params = new URLSearchParams({ channel: own.channel });
            const alone = buildSnapshot({ pages: await collectPages(db, params), filters: { from: null, to: null, channels: [own.channel], member: 'all' }, dataset, locale: 'ja', currency: 'JPY' });
            expect(alone.snapshot).toBeNull();
            expect(alone.refused).toEqual(['overview', 'loyal', 'segments', 'cohorts', 'clv']);
          }
          if (!snapshot) return; // every page withheld: nothing leaves the device at all
          const fragment = await encodeSnapshot(snapshot);
          const decoded = await decodeSnapshot(fragment);
          expect(decoded.ok).toBe(true);
          const texts = [JSON.stringify(snapshot), fragment, decodeURIComponent(fragment), decoded.ok ? JSON.stringify(decoded.snapshot) : ''];
          for (const secret of secrets(people)) for (const text of texts) expect(text.includes(secret), secret).toBe(false);
        } finally {
          db.close();
        }
      }),
      { numRuns: 6, seed: 20261202, endOnFailure: true }
    );
  }, 300_000);

  it('would show a value shared by five customers or more (the check above can fail)', async () => {
    const people = fc.sample(shop, { numRuns: 1, seed: 1 })[0].map((p) => ({ ...p, channel: 'pii.shared@example.jp' }));
    const db = await NodeDatabase.open();
    await loadFiles(db, files(people));
    const pages = await collectPages(db, new URLSearchParams('by=channel'));
    const { snapshot } = buildSnapshot({
      pages, filters: { from: null, to: null, channels: [], member: 'all' },
      dataset: { rows: 1, customers: people.length, orders: 1, from: null, to: null }, locale: 'ja', currency: 'JPY'
    });
    expect(JSON.stringify(snapshot)).toContain('pii.shared@example.jp');
    db.close();
  }, 120_000);
});
