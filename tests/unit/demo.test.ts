import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED, generateDemo, type DemoFile } from '../../src/lib/demo/generate';

const ORDERS_HEADER = '注文番号,顧客ID,注文日時,金額,ステータス,チャネル,店舗,カテゴリ,数量,クーポンコード,獲得ポイント,利用ポイント';
const CUSTOMERS_HEADER = '顧客ID,登録日,入会日,会員ランク,誕生日,都道府県,性別,年代,流入元,紹介者ID';
const NPS_HEADER = '回答日,顧客ID,推奨度,コメント,接点';

const PERIOD_START = '2023-04-01';
const PERIOD_END = '2026-03-31';
const LAUNCH = '2024-10-01';

const CATEGORIES = ['食品', '飲料', '日用品', '美容', 'ファッション', '家電', 'ベビー・キッズ', 'ギフト'];
const SOURCES = ['検索広告', '自然検索', 'SNS', '紹介', 'チラシ', 'アプリストア'];
const TIERS = ['ブロンズ', 'シルバー', 'ゴールド', 'プラチナ'];

/** RFC 4180 fields of one line (the generator never writes line breaks inside fields). */
function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

interface Table {
  header: string;
  rows: string[][];
}

function parse(file: DemoFile): Table {
  const lines = file.text.split('\n');
  expect(lines.pop(), `${file.name} ends with a line feed`).toBe('');
  const [header, ...body] = lines;
  return { header, rows: body.map(splitLine) };
}

function byName(files: DemoFile[], name: string): DemoFile {
  const file = files.find((f) => f.name === name);
  if (!file) throw new Error(`missing ${name}`);
  return file;
}

function isValidDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('generateDemo', () => {
  let files: DemoFile[];
  let orders: string[][];
  let customers: string[][];
  let answers: string[][];
  let customerById: Map<string, string[]>;
  let ordersByCustomer: Map<string, string[][]>;

  beforeAll(() => {
    files = generateDemo();
    orders = parse(byName(files, 'orders.csv')).rows;
    customers = parse(byName(files, 'customers.csv')).rows;
    answers = parse(byName(files, 'nps.csv')).rows;
    customerById = new Map(customers.map((r) => [r[0], r]));
    ordersByCustomer = new Map();
    for (const o of orders) {
      const list = ordersByCustomer.get(o[1]) ?? [];
      list.push(o);
      ordersByCustomer.set(o[1], list);
    }
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const a = generateDemo(DEMO_SEED, 0.05);
    const b = generateDemo(DEMO_SEED, 0.05);
    expect(b).toEqual(a);
    const c = generateDemo(DEMO_SEED + 1, 0.05);
    for (let i = 0; i < a.length; i++) expect(c[i].text).not.toBe(a[i].text);
    expect(generateDemo()).toEqual(files);
  });

  it('writes three UTF-8 CSV texts with the exact headers, LF endings and no BOM', () => {
    expect(files.map((f) => f.name)).toEqual(['orders.csv', 'customers.csv', 'nps.csv']);
    for (const f of files) {
      expect(f.text.charCodeAt(0)).not.toBe(0xfeff);
      expect(f.text.includes('\r')).toBe(false);
    }
    expect(parse(files[0]).header).toBe(ORDERS_HEADER);
    expect(parse(files[1]).header).toBe(CUSTOMERS_HEADER);
    expect(parse(files[2]).header).toBe(NPS_HEADER);
    const widths = [orders, customers, answers].map((rows) => new Set(rows.map((r) => r.length)));
    expect(widths.map((w) => [...w])).toEqual([[12], [10], [5]]);
  });

  it('has about 30,000 customers, 200,000 orders and 6,000–10,000 answers', () => {
    expect(customers.length).toBeGreaterThanOrEqual(27_000);
    expect(customers.length).toBeLessThanOrEqual(33_000);
    expect(orders.length).toBeGreaterThanOrEqual(180_000);
    expect(orders.length).toBeLessThanOrEqual(220_000);
    expect(answers.length).toBeGreaterThanOrEqual(6_000);
    expect(answers.length).toBeLessThanOrEqual(10_000);
  });

  it('scales linearly', () => {
    const small = generateDemo(DEMO_SEED, 0.05).map((f) => f.text.split('\n').length - 2);
    expect(small[1]).toBeCloseTo(customers.length * 0.05, -1);
    expect(small[0] / (orders.length * 0.05)).toBeGreaterThan(0.8);
    expect(small[0] / (orders.length * 0.05)).toBeLessThan(1.2);
  });

  it('writes well-formed, unique ids and valid order fields', () => {
    const orderIds = orders.map((o) => o[0]);
    expect(new Set(orderIds).size).toBe(orders.length);
    expect(orderIds.every((id) => /^O\d{6}$/.test(id))).toBe(true);
    expect(new Set(customers.map((c) => c[0])).size).toBe(customers.length);
    expect(customers.every((c) => /^C\d{5}$/.test(c[0]))).toBe(true);
    for (const o of orders) {
      if (!/^[1-9]\d*$/.test(o[3])) throw new Error(`amount ${o[3]} in ${o[0]}`);
      if (!/^[1-9]\d*$/.test(o[8])) throw new Error(`quantity ${o[8]} in ${o[0]}`);
      if (!/^\d+$/.test(o[10]) || !/^\d+$/.test(o[11])) throw new Error(`points in ${o[0]}`);
      if (!['EC', 'アプリ', '店舗'].includes(o[5])) throw new Error(`channel ${o[5]}`);
      if ((o[5] === '店舗') !== /^.+店$/.test(o[6])) throw new Error(`store ${o[6]} on ${o[5]} order ${o[0]}`);
      if (!CATEGORIES.includes(o[7])) throw new Error(`category ${o[7]}`);
    }
  });

  it('refers only to customers that exist', () => {
    const missing = orders.filter((o) => !customerById.has(o[1]));
    expect(missing.length).toBe(0);
    expect(answers.filter((a) => !customerById.has(a[1])).length).toBe(0);
  });

  it('keeps every date valid and inside the period, with realistic hours', () => {
    const hours = new Array<number>(24).fill(0);
    for (const o of orders) {
      const [date, time] = o[2].split(' ');
      if (!isValidDate(date) || !/^\d{2}:\d{2}:\d{2}$/.test(time)) throw new Error(`timestamp ${o[2]}`);
      if (date < PERIOD_START || date > PERIOD_END) throw new Error(`order date ${date}`);
      hours[Number(time.slice(0, 2))]++;
      if (o[5] === '店舗' && (Number(time.slice(0, 2)) < 10 || Number(time.slice(0, 2)) >= 21)) {
        throw new Error(`store order outside opening hours: ${o[2]}`);
      }
    }
    expect(hours[21] + hours[22]).toBeGreaterThan(3 * (hours[3] + hours[4]));
    const chronological = orders.every((o, i) => i === 0 || orders[i - 1][2] <= o[2]);
    expect(chronological).toBe(true);
    for (const c of customers) {
      if (!isValidDate(c[1]) || c[1] < PERIOD_START || c[1] > PERIOD_END) throw new Error(`登録日 ${c[1]}`);
      if (c[4] !== '' && !isValidDate(c[4])) throw new Error(`誕生日 ${c[4]}`);
    }
    for (const a of answers) {
      if (!isValidDate(a[0]) || a[0] < PERIOD_START || a[0] > PERIOD_END) throw new Error(`回答日 ${a[0]}`);
    }
  });

  it('registers accounts on or just before the first order, and some never order', () => {
    let neverOrdered = 0;
    for (const c of customers) {
      const list = ordersByCustomer.get(c[0]);
      if (!list) {
        neverOrdered++;
        continue;
      }
      const lag = daysBetween(c[1], list[0][2].slice(0, 10));
      if (lag < 0 || lag > 14) throw new Error(`${c[0]} registered ${c[1]}, first order ${list[0][2]}`);
    }
    expect(neverOrdered / customers.length).toBeGreaterThan(0.01);
    expect(neverOrdered / customers.length).toBeLessThan(0.08);
  });

  it('has a realistic mix of statuses, channels and a growing app', () => {
    const share = (status: string) => orders.filter((o) => o[4] === status).length / orders.length;
    expect(share('注文キャンセル')).toBeGreaterThan(0.015);
    expect(share('注文キャンセル')).toBeLessThan(0.025);
    expect(share('返品')).toBeGreaterThan(0.006);
    expect(share('返品')).toBeLessThan(0.014);
    expect(share('完了')).toBeGreaterThan(0.95);
    const appShare = (from: string, to: string) => {
      const inYear = orders.filter((o) => o[2] >= from && o[2] < to);
      return inYear.filter((o) => o[5] === 'アプリ').length / inYear.length;
    };
    expect(appShare('2025-04-01', '2026-04-01')).toBeGreaterThan(appShare('2023-04-01', '2024-04-01') + 0.1);
  });

  it('peaks in December', () => {
    const count = (month: string) => orders.filter((o) => o[2].startsWith(month)).length;
    expect(count('2025-12')).toBeGreaterThan(1.2 * count('2025-11'));
    expect(count('2024-12')).toBeGreaterThan(1.2 * count('2024-11'));
  });

  it('uses coupon codes only in their windows', () => {
    const dates = new Map<string, string[]>();
    for (const o of orders) {
      if (o[9] === '') continue;
      const list = dates.get(o[9]) ?? [];
      list.push(o[2].slice(0, 10));
      dates.set(o[9], list);
    }
    expect(dates.size).toBeGreaterThanOrEqual(10);
    for (const [code, list] of dates) {
      expect(code).toMatch(/^[A-Z]+\d*$/);
      const year = /(\d{2})$/.exec(code);
      if (code === 'WELCOME10' || !year) continue;
      // Seasonal codes carry their year and run for weeks, not months.
      expect(list.every((d) => d.startsWith(`20${year[1]}-`)), code).toBe(true);
      expect(daysBetween(list[0], list[list.length - 1]), code).toBeLessThanOrEqual(45);
    }
    for (const [id, list] of ordersByCustomer) {
      list.forEach((o, i) => {
        if (o[9] === 'WELCOME10' && i > 0) throw new Error(`WELCOME10 on a repeat order of ${id}`);
        if (o[9] === 'BDAY') {
          const c = customerById.get(id);
          if (!c || c[2] === '' || c[4].slice(5, 7) !== o[2].slice(5, 7)) throw new Error(`BDAY on ${o[0]}`);
        }
      });
    }
  });

  it('gives points only to members, from the day they joined', () => {
    for (const o of orders) {
      if (o[10] === '0' && o[11] === '0') continue;
      const joined = customerById.get(o[1])?.[2] ?? '';
      if (joined === '' || o[2].slice(0, 10) < joined) throw new Error(`points on ${o[0]} before joining`);
    }
    const earning = orders.filter((o) => o[10] !== '0');
    const rate = earning.reduce((s, o) => s + Number(o[10]), 0) / earning.reduce((s, o) => s + Number(o[3]), 0);
    expect(rate).toBeGreaterThan(0.009);
    expect(rate).toBeLessThan(0.03);
    expect(orders.some((o) => o[11] !== '0')).toBe(true);
  });

  it('enrols members only after the launch, with a tier', () => {
    const members = customers.filter((c) => c[2] !== '');
    expect(members.length).toBeGreaterThan(0.15 * customers.length);
    expect(members.length).toBeLessThan(0.6 * customers.length);
    for (const c of customers) {
      if ((c[2] === '') !== (c[3] === '')) throw new Error(`tier without membership: ${c[0]}`);
      if (c[2] === '') continue;
      if (!isValidDate(c[2]) || c[2] < LAUNCH || c[2] > PERIOD_END) throw new Error(`入会日 ${c[2]}`);
      if (c[2] < c[1]) throw new Error(`${c[0]} joined before registering`);
      if (!TIERS.includes(c[3])) throw new Error(`tier ${c[3]}`);
    }
    expect(new Set(members.map((c) => c[3])).size).toBe(4);
  });

  it('has tiers consistent with spend', () => {
    const spend = (id: string) =>
      (ordersByCustomer.get(id) ?? []).filter((o) => o[4] === '完了').reduce((s, o) => s + Number(o[3]), 0);
    const meanSpend = TIERS.map((t) => mean(customers.filter((c) => c[3] === t).map((c) => spend(c[0]))));
    for (let i = 1; i < meanSpend.length; i++) expect(meanSpend[i]).toBeGreaterThan(meanSpend[i - 1]);
  });

  it('looks like real repeat-purchase data: many one-timers, revenue concentrated in the top 20 %', () => {
    const counts = [...ordersByCustomer.values()].map((l) => l.length);
    const oneTime = counts.filter((n) => n === 1).length / counts.length;
    expect(oneTime).toBeGreaterThan(0.4);
    expect(oneTime).toBeLessThan(0.55);
    const revenue = [...ordersByCustomer.values()]
      .map((l) => l.filter((o) => o[4] === '完了').reduce((s, o) => s + Number(o[3]), 0))
      .sort((a, b) => b - a);
    const total = revenue.reduce((a, b) => a + b, 0);
    const top = revenue.slice(0, Math.round(revenue.length * 0.2)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.6);
    expect(top / total).toBeLessThan(0.75);
    const amounts = orders.map((o) => Number(o[3])).sort((a, b) => a - b);
    const median = amounts[amounts.length >> 1];
    expect(median).toBeGreaterThan(2500);
    expect(median).toBeLessThan(8000);
    expect(amounts[Math.floor(amounts.length * 0.99)]).toBeGreaterThan(3 * median);
  });

  it('gives members more orders per customer after the launch than non-members', () => {
    const perCustomer = (member: boolean) => {
      const counts: number[] = [];
      for (const [id, list] of ordersByCustomer) {
        if ((customerById.get(id)?.[2] !== '') !== member) continue;
        const after = list.filter((o) => o[2] >= LAUNCH).length;
        if (after > 0) counts.push(after);
      }
      return mean(counts);
    };
    expect(perCustomer(true)).toBeGreaterThan(1.2 * perCustomer(false));
  });

  it('has NPS scores in 0–10, higher for members, with comments that fit the score', () => {
    for (const a of answers) {
      if (!/^(10|\d)$/.test(a[2])) throw new Error(`score ${a[2]}`);
      if (a[3].includes(',')) throw new Error(`comment with a comma: ${a[3]}`);
    }
    const isMember = (id: string) => (customerById.get(id)?.[2] ?? '') !== '';
    const scores = (member: boolean) => answers.filter((a) => isMember(a[1]) === member).map((a) => Number(a[2]));
    expect(mean(scores(true))).toBeGreaterThan(mean(scores(false)) + 0.3);
    const commented = answers.filter((a) => a[3] !== '');
    expect(commented.length).toBeGreaterThan(0.3 * answers.length);
    expect(commented.length).toBeLessThan(0.8 * answers.length);
    expect(new Set(commented.map((a) => a[3])).size).toBeGreaterThanOrEqual(30);
    const meanWith = (phrase: string) => mean(commented.filter((a) => a[3].includes(phrase)).map((a) => Number(a[2])));
    expect(meanWith('ポイントがお得')).toBeGreaterThan(meanWith('送料が高い') + 2);
    expect(new Set(answers.map((a) => a[4]))).toEqual(new Set(['購入後メール', 'アプリ', '店舗', 'カスタマーサポート']));
  });

  it('links referrals to customers who registered earlier', () => {
    let referred = 0;
    for (const c of customers) {
      if (!SOURCES.includes(c[8])) throw new Error(`流入元 ${c[8]}`);
      if ((c[8] === '紹介') !== (c[9] !== '')) throw new Error(`referrer on ${c[0]} from ${c[8]}`);
      if (c[9] === '') continue;
      referred++;
      const referrer = customerById.get(c[9]);
      if (!referrer || referrer[1] >= c[1]) throw new Error(`${c[9]} did not register before ${c[0]}`);
    }
    expect(referred).toBeGreaterThan(0.03 * customers.length);
  });

  it('has realistic demographics and birthdays in every month', () => {
    const prefectures = new Map<string, number>();
    for (const c of customers) prefectures.set(c[5], (prefectures.get(c[5]) ?? 0) + 1);
    expect(prefectures.size).toBe(47);
    const largest = [...prefectures].sort((a, b) => b[1] - a[1])[0][0];
    expect(largest).toBe('東京都');
    const months = new Set(customers.filter((c) => c[4] !== '').map((c) => c[4].slice(5, 7)));
    expect(months.size).toBe(12);
    const missingBirthdays = customers.filter((c) => c[4] === '').length / customers.length;
    expect(missingBirthdays).toBeGreaterThan(0.02);
    expect(missingBirthdays).toBeLessThan(0.3);
    expect(new Set(customers.map((c) => c[6]))).toEqual(new Set(['女性', '男性', 'その他', '']));
    expect(customers.filter((c) => c[7] !== '').every((c) => /^\d0代(以上)?$/.test(c[7]))).toBe(true);
  });
});

describe('generateDemo without the programme effect (the true counterfactual)', () => {
  let withEffect: DemoFile[];
  let without: DemoFile[];
  /** Per world (with, without): customers' rows, and orders and answers by customer. */
  let customers: string[][][];
  let orders: Map<string, string[][]>[];
  let answers: Map<string, string[][]>[];
  let memberSince: Map<string, string>;

  function byCustomer(rows: string[][], customerColumn: number): Map<string, string[][]> {
    const by = new Map<string, string[][]>();
    for (const r of rows) {
      const list = by.get(r[customerColumn]) ?? [];
      list.push(r);
      by.set(r[customerColumn], list);
    }
    return by;
  }

  beforeAll(() => {
    withEffect = generateDemo(DEMO_SEED, 0.05);
    without = generateDemo(DEMO_SEED, 0.05, { memberEffect: false });
    const worlds = [withEffect, without];
    customers = worlds.map((files) => parse(byName(files, 'customers.csv')).rows);
    // Without 注文番号: it numbers the whole shop's orders in time order, so other customers'
    // orders shift it. What remains starts 顧客ID, 注文日時.
    orders = worlds.map((files) => byCustomer(parse(byName(files, 'orders.csv')).rows.map((r) => r.slice(1)), 0));
    answers = worlds.map((files) => byCustomer(parse(byName(files, 'nps.csv')).rows, 1));
    memberSince = new Map(customers[0].filter((c) => c[2] !== '').map((c) => [c[0], c[2]]));
  });

  it('is off only when asked', () => {
    expect(generateDemo(DEMO_SEED, 0.05, { memberEffect: true })).toEqual(withEffect);
    expect(without[0].text).not.toBe(withEffect[0].text);
  });

  it('has the same customers, sign-up days and join days', () => {
    expect(customers[1].length).toBe(customers[0].length);
    // Everything but 会員ランク, which follows spend after joining.
    const fixed = (c: string[]) => c.filter((_, i) => i !== 3);
    customers[0].forEach((c, i) => expect(fixed(customers[1][i]), c[0]).toEqual(fixed(c)));
    expect(memberSince.size).toBeGreaterThan(0.15 * customers[0].length);
  });

  it('has the same orders and answers up to each join day, and for never-members throughout', () => {
    // Orders on the join day too: joining at checkout happens as that order is placed, and the
    // effect acts only on what follows it. An answer is never dated before its order.
    const upTo = (since: string | undefined, rows: string[][] = [], date: number, inclusive: boolean) =>
      since === undefined
        ? rows
        : rows.filter((r) => (inclusive ? r[date].slice(0, 10) <= since : r[date].slice(0, 10) < since));
    let membersEarlyOrders = 0;
    for (const [id] of customers[0]) {
      const since = memberSince.get(id);
      const early = upTo(since, orders[0].get(id), 1, true);
      expect(upTo(since, orders[1].get(id), 1, true), id).toEqual(early);
      expect(upTo(since, answers[1].get(id), 0, false), id).toEqual(upTo(since, answers[0].get(id), 0, false));
      if (since !== undefined) membersEarlyOrders += early.length;
    }
    expect(membersEarlyOrders).toBeGreaterThan(memberSince.size);
  });

  it('gives members clearly more orders after joining with the effect than without it', () => {
    const afterJoin = (world: number) => {
      let count = 0;
      for (const [id, since] of memberSince) {
        count += (orders[world].get(id) ?? []).filter((r) => r[1].slice(0, 10) > since).length;
      }
      return count / memberSince.size;
    };
    // The same members in both worlds, so the gap is the effect alone (about 30 % more orders
    // here), not the self-selection that separates members from non-members.
    expect(afterJoin(1)).toBeGreaterThan(1);
    expect(afterJoin(0)).toBeGreaterThan(1.15 * afterJoin(1));
  });
});
