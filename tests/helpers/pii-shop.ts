/**
 * Generated shops full of personal data (fast-check arbitraries): customers with unique ids,
 * names, e-mail addresses, phone numbers and comments, some of it even in columns that pages
 * split by (a channel that is somebody's e-mail, an acquisition source that is a name, a tier that
 * is a name), customers referred by other customers (one of them by many), points and tiers on orders,
 * as the orders, customers and survey files an export would give. For tests that no such string ever
 * leaves the device in a snapshot, a link or a report file.
 */
import fc from 'fast-check';
import { addDays } from '../../src/lib/analyses/period';

export interface Person {
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

export const shop = fc.uniqueArray(person, { minLength: 25, maxLength: 70, selector: (p) => p.token }).map((people) =>
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

export function files(people: Person[]) {
  const day = (n: number) => addDays('2024-01-01', n);
  // Tiers shared by many, or a person's own name (a mis-mapped export); referrers: the person before, or the first person (who brings many).
  const tier = (p: Person, i: number) => (i % 4 === 3 && !p.source.startsWith('紹介者') ? p.name : i % 2 ? 'ゴールド' : 'シルバー');
  const referrer = (i: number) => (i % 3 === 1 ? people[i - 1].id : i % 3 === 2 ? people[0].id : '');
  // Orders carry the tier when ordered: everybody starts as ブロンズ and reaches their own tier on their last order.
  const orders = ['注文番号,顧客ID,注文日,金額,チャネル,メールアドレス,獲得ポイント,利用ポイント,会員ランク'];
  let n = 0;
  people.forEach((p, i) => {
    const last = p.orders.reduce((a, o) => Math.max(a, o.day), -1);
    for (const o of p.orders) {
      const earned = Math.floor(o.amount / 100);
      orders.push(`A${++n},${p.id},${day(o.day)},${o.amount},${p.channel},${p.email},${earned},${n % 4 === 0 ? Math.min(50, earned) : 0},${o.day === last ? tier(p, i) : 'ブロンズ'}`);
    }
  });
  const customers = ['顧客ID,氏名,メールアドレス,電話番号,流入元,入会日,会員ランク,紹介者ID'];
  people.forEach((p, i) =>
    customers.push(`${p.id},${p.name},${p.email},${p.phone},${p.source},${i % 2 ? day(p.orders[0].day) : ''},${tier(p, i)},${referrer(i)}`)
  );
  const responses = ['回答日,顧客ID,推奨度,コメント'];
  for (const p of people) responses.push(`${day(p.orders[0].day + 3)},${p.id},${p.score},"${p.comment.replace(/"/g, '""')}"`);
  return [
    { name: 'orders.csv', text: orders.join('\n') },
    { name: 'customers.csv', text: customers.join('\n') },
    { name: 'nps.csv', text: responses.join('\n') }
  ];
}

/** The personal strings of a shop, and the pieces of them that could leak on their own. */
export const secrets = (people: Person[]) => people.flatMap((p) => [p.id, p.name, p.email, p.phone, p.comment, p.comment.slice(8, 30), p.source.startsWith('紹介者') ? p.source : null].filter((s): s is string => s !== null));

