/**
 * Deterministic orders files for the benchmark: customer_id,order_id,order_date,amount,channel.
 * Realistic enough for the overview's SQL to do real work: ~20 % of customers place most of the
 * orders, customers are acquired over three years and only buy after that, each stops buying
 * after a lifetime of their own (exponential, mean 18 months: the churn that CLV models
 * estimate; without it there is nothing for them to fit), amounts are yen integers from a
 * skewed distribution. Written once per size and version; delete bench/out to regenerate.
 */
import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';

/** mulberry32: small, fast, seedable; the same seed always gives the same file. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bump when the generator changes, so old files are not reused. */
const VERSION = 'v2';
const START = Date.UTC(2023, 3, 1); // 2023-04-01, three fiscal years like the demo shop
const DAYS = 1096;
const DAY_MS = 86_400_000;
const CHANNELS = ['online', 'online', 'online', 'store', 'store', 'app'];
const pad = (n, w) => String(n).padStart(w, '0');

function timestamp(dayIndex, r) {
  const d = new Date(START + dayIndex * DAY_MS + Math.floor(r * DAY_MS));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/** Roughly log-normal around ¥4,000, rounded to ¥10, between ¥100 and ¥500,000. */
function amount(r) {
  const u1 = Math.max(r(), 1e-12);
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r());
  return Math.min(500_000, Math.max(100, Math.round(Math.exp(8.3 + 0.9 * normal) / 10) * 10));
}

/**
 * The customers of the file of `rows` rows: how many, how many heavy buyers, each one's
 * acquisition day (more arrive later: a growing shop) and last day they can buy on (acquisition
 * + an exponential lifetime, within the data), and the random stream those were drawn from,
 * which the orders file goes on drawing from. The customers file draws the same lives here.
 */
function shopCustomers(rows, seed) {
  const r = rng(seed + rows);
  const customers = Math.max(10, Math.round(rows / 5));
  const heavy = Math.round(customers * 0.2);
  const acquired = new Uint16Array(customers);
  for (let c = 0; c < customers; c++) acquired[c] = Math.floor(Math.sqrt(r()) * (DAYS - 1));
  const until = new Uint16Array(customers);
  for (let c = 0; c < customers; c++) until[c] = Math.min(DAYS - 1, acquired[c] + Math.floor(-Math.log(1 - r()) * 548));
  return { r, customers, heavy, acquired, until };
}

export async function writeOrdersCsv(file, rows, seed = 20240401) {
  const { r, customers, heavy, acquired, until } = shopCustomers(rows, seed);

  const tmp = file + '.part';
  const out = createWriteStream(tmp);
  out.write('customer_id,order_id,order_date,amount,channel\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    // 75 % of orders come from the heavy 20 % of customers.
    const c = r() < 0.75 ? Math.floor(r() * heavy) : Math.floor(r() * customers);
    const day = acquired[c] + Math.floor(r() * (until[c] - acquired[c] + 1));
    chunk += `C${pad(c + 1, 8)},ORD-${pad(i + 1, 10)},${timestamp(day, r())},${amount(r)},${CHANNELS[Math.floor(r() * CHANNELS.length)]}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(tmp, file); // only complete files are reused
}

/**
 * A customers file for the orders file of `rows` rows (same seed): customer_id and member_since,
 * for the programme-effect page. Members self-select like real ones: 45 % of the heavy 20 % of
 * customers join, 15 % of the others, each on a day of their own buying life (so they have
 * purchases before and after joining); the rest are not members (member_since empty).
 */
export async function customersFile(dir, label, rows, seed = 20240401) {
  const file = `${dir}/customers-${label}.${VERSION}.csv`;
  if (existsSync(file)) return file;
  const { customers, heavy, acquired, until } = shopCustomers(rows, seed);
  const join = rng(seed + rows + 1);
  const lines = ['customer_id,member_since'];
  for (let c = 0; c < customers; c++) {
    const member = join() < (c < heavy ? 0.45 : 0.15);
    const day = acquired[c] + Math.floor(join() * (until[c] - acquired[c] + 1));
    lines.push(`C${pad(c + 1, 8)},${member ? timestamp(day, 0).slice(0, 10) : ''}`);
  }
  const tmp = file + '.part';
  const out = createWriteStream(tmp);
  out.end(lines.join('\n') + '\n');
  await once(out, 'finish');
  renameSync(tmp, file);
  return file;
}

/** The file for a size, generated if it is not there yet. */
export async function ordersFile(dir, label, rows) {
  const file = `${dir}/orders-${label}.${VERSION}.csv`;
  if (!existsSync(file)) {
    const t = performance.now();
    await writeOrdersCsv(file, rows);
    console.log(`  generated ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return file;
}

/** Japanese survey comments by tone, combined two at a time so words vary like real answers. */
const PHRASES = {
  high: ['配送がとても早くて助かりました', 'スタッフの対応が丁寧でした', '品質が良く長く使えています', 'ポイントがたまりやすい', 'アプリが使いやすい', 'また利用したいです'],
  mid: ['特に不満はありません', '価格は普通だと思います', '品揃えがもう少し欲しい', '梱包は普通でした', 'アプリの表示が少し遅い'],
  low: ['配送が遅くて困りました', '問い合わせの返事がなかなか来ない', '商品に傷がありました', '値段が高いと感じます', 'ポイントの使い方がわかりにくい', 'サイズが合わず返品が面倒でした']
};
const TOUCHPOINTS = ['購入後メール', 'アプリ', '店舗', 'カスタマーサポート'];

/**
 * A survey export for the orders file of `rows` rows: one answer per five orders, from the same
 * customers (C00000001 …), dated over the same three years, 0–10 scores skewed like Japanese NPS
 * answers (few 9–10), a comment on 60 % of answers and a touchpoint on each.
 */
export async function surveyFile(dir, label, rows, seed = 20240402) {
  const file = `${dir}/survey-${label}.v1.csv`;
  if (existsSync(file)) return file;
  const r = rng(seed + rows);
  const answers = Math.round(rows / 5);
  const customers = Math.max(10, Math.round(rows / 5));
  const tmp = file + '.part';
  const out = createWriteStream(tmp);
  out.write('customer_id,response_date,score,comment,touchpoint\n');
  let chunk = '';
  for (let i = 0; i < answers; i++) {
    const score = Math.max(0, Math.min(10, Math.round(6.8 + 2 * Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r()))));
    const tone = score >= 9 ? 'high' : score >= 7 ? 'mid' : 'low';
    const pick = () => PHRASES[tone][Math.floor(r() * PHRASES[tone].length)];
    const comment = r() < 0.6 ? `${pick()}。${r() < 0.5 ? pick() + '。' : ''}` : '';
    const d = new Date(START + Math.floor(r() * DAYS) * DAY_MS);
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
    chunk += `C${pad(Math.floor(r() * customers) + 1, 8)},${day},${score},${comment},${TOUCHPOINTS[Math.floor(r() * TOUCHPOINTS.length)]}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(tmp, file);
  return file;
}
