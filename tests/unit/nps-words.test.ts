/**
 * Comment word statistics: the words a comment is cut into, counting once per respondent, the
 * "Fightin' Words" log-odds that pick the words typical of detractors and promoters, and the
 * batched read through real DuckDB that the worker runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommentWordTally, logOddsZ, tokenize, type CommentWordsResult } from '../../src/lib/analyses/nps/words';
import { readCommentWords } from '../../src/lib/analyses/nps/words-read';
import { npsAnswersSql } from '../../src/lib/analyses/nps/sql';
import type { Band } from '../../src/lib/analyses/nps/scale';
import { NO_FILTERS } from '../../src/lib/analyses/filters';
import { generateDemo } from '../../src/lib/demo/generate';
import { toRows } from '../../src/lib/engine/types';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { pageEngine } from '../helpers/pages';

function tally(comments: readonly (readonly [string | null, Band])[]): CommentWordTally {
  const t = new CommentWordTally();
  for (const [c, b] of comments) t.add(c, b);
  return t;
}

const times = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

describe('tokenize', () => {
  it('cuts Japanese into content words, without particles, auxiliaries or degree adverbs', () => {
    const words = tokenize('配送がとても早くて助かりました');
    expect(words).toContain('配送');
    expect(words).toContain('早く');
    expect(words.some((w) => w.startsWith('助'))).toBe(true);
    for (const w of ['が', 'て', 'ました', 'まし', 'した', 'とても']) expect(words).not.toContain(w);
  });

  it('keeps content words of typical comments and drops politeness formulas', () => {
    expect(tokenize('梱包が丁寧でした')).toEqual(['梱包', '丁寧']);
    expect(tokenize('送料が高い')).toEqual(['送料', '高い']);
    expect(tokenize('店員さんの対応が親切')).toEqual(['店員', '対応', '親切']);
    expect(tokenize('いつもありがとうございます。よろしくお願いします。')).toEqual(['いつも']);
    expect(tokenize('特になし')).toEqual([]);
  });

  it('joins pieces of words ICU does not know', () => {
    expect(tokenize('リピートしています')).toEqual(['リピート']);
    expect(tokenize('品揃えが良い')).toEqual(['品揃', '良い']);
    expect(tokenize('新商品のお知らせ')).toEqual(['新商品', 'お知らせ']);
    expect(tokenize('同梱してほしい')).toContain('同梱');
  });

  it('drops numbers in any script, but keeps 十分', () => {
    expect(tokenize('２０２４年に3回目の注文、1,000円、3.5点、一二三、百、二回目')).toEqual(['注文']);
    expect(tokenize('十分です')).toEqual(['十分']);
  });

  it('reads full-width Latin and half-width katakana as their usual forms', () => {
    expect(tokenize('ＡＰＰが便利　ｶﾀｶﾅ')).toEqual(['app', '便利', 'カタカナ']);
  });

  it('handles English: lowercase, stop words (also with curly apostrophes) and single letters out', () => {
    expect(tokenize('The delivery was VERY fast, and the staff didn’t care. I give it a 10!')).toEqual([
      'delivery',
      'fast',
      'staff',
      'care',
      'give'
    ]);
  });

  it('survives emoji, characters outside the BMP and broken surrogates', () => {
    expect(tokenize('😀👍🏽🎉')).toEqual([]);
    expect(tokenize('𠮷野家のサービス😀最高')).toEqual(expect.arrayContaining(['サービス', '最高']));
    expect(() => tokenize('\ud800配送\udfff')).not.toThrow();
    expect(tokenize('')).toEqual([]);
  });

  it('reads markup as plain text', () => {
    expect(tokenize('<script>alert(1)</script>')).toEqual(['script', 'alert', 'script']);
    const r = tally([['<script>alert(1)</script>', 'low']]).result();
    expect(r.top).toEqual([
      { word: 'alert', respondents: 1, high: 0, mid: 0, low: 1 },
      { word: 'script', respondents: 1, high: 0, mid: 0, low: 1 }
    ]);
  });

  it('gives the same words however often a clause was seen before', () => {
    const text = '配送が遅い。配送が遅い！送料が高い';
    expect(tokenize(text)).toEqual(tokenize(text));
    expect(tokenize(text)).toEqual(['配送', '遅い', '配送', '遅い', '送料', '高い']);
  });
});

describe('counting', () => {
  it('counts a word once per comment, by group', () => {
    const r = tally([
      ['配送が遅い。配送が遅い。配送！', 'low'],
      ['配送が早い', 'high'],
      ['配送は普通', 'mid']
    ]).result();
    expect(r.top.find((w) => w.word === '配送')).toEqual({ word: '配送', respondents: 3, high: 1, mid: 1, low: 1 });
    expect(r.top.find((w) => w.word === '遅い')).toEqual({ word: '遅い', respondents: 1, high: 0, mid: 0, low: 1 });
  });

  it('counts answers with a comment; blank ones not at all, wordless ones only as comments', () => {
    const r = tally([
      [null, 'high'],
      ['', 'high'],
      ['  \u3000\n', 'low'],
      ['なし', 'low'],
      ['😀', 'mid'],
      ['送料が高い', 'low']
    ]).result();
    expect(r.respondents).toEqual({ total: 3, high: 0, mid: 1, low: 2 });
    expect(r.withWords).toEqual({ total: 1, high: 0, mid: 0, low: 1 });
    expect(r.distinctWords).toBe(2);
  });

  it('lists the most used words first, ties by word, up to the limit', () => {
    const r = tally([
      ['送料 配送 梱包', 'low'],
      ['送料 配送', 'high'],
      ['送料', 'mid']
    ]).result({ top: 2 });
    expect(r.top.map((w) => w.word)).toEqual(['送料', '配送']);
    expect(r.limits).toEqual({ top: 2, typical: 15, minRespondents: 1, minZ: 1.96 });
  });
});

describe('typical words (weighted log-odds, informative Dirichlet prior)', () => {
  // Detractors complain about delivery, promoters praise packing; 商品 is said equally by both.
  const corpus: [string, Band][] = [
    ...times(30, ['遅延 商品', 'low'] as [string, Band]),
    ...times(10, ['価格', 'low'] as [string, Band]),
    ...times(30, ['丁寧 商品', 'high'] as [string, Band]),
    ...times(10, ['品質', 'high'] as [string, Band]),
    ...times(20, ['普通', 'mid'] as [string, Band]),
    ['壊滅', 'low'],
    ['遅延', 'high'],
    ['遅延', 'high']
  ];

  it('ranks a word used (almost) only by detractors as typical of them, and the mirror for promoters', () => {
    const r = tally(corpus).result();
    expect(r.typicalOfLow[0].word).toBe('遅延');
    expect(r.typicalOfLow[0]).toMatchObject({ low: 30, high: 2, respondents: 32 });
    expect(r.typicalOfHigh[0].word).toBe('丁寧');
    expect(r.typicalOfLow.map((w) => w.word)).not.toContain('丁寧');
    expect(r.typicalOfHigh.map((w) => w.word)).not.toContain('遅延');
    for (const w of [...r.typicalOfLow, ...r.typicalOfHigh]) expect(w.z).toBeGreaterThanOrEqual(1.96);
    // 10 of 41 detractors and none of 42 promoters: clear enough to be listed.
    expect(r.typicalOfLow.map((w) => w.word)).toEqual(['遅延', '価格']);
    expect(r.typicalOfHigh.map((w) => w.word)).toEqual(['丁寧', '品質']);
  });

  it('never calls a word typical of a side that did not use it', () => {
    const r = tally(corpus).result({ minZ: -Infinity });
    expect([...r.typicalOfLow, ...r.typicalOfHigh].map((w) => w.word)).not.toContain('普通');
  });

  it('ranks a word only detractors use above one promoters use a little, at any size', () => {
    const big: [string, Band][] = [
      ...times(5000, ['独占 偏り', 'low'] as [string, Band]),
      ...times(50, ['偏り 満足', 'high'] as [string, Band]),
      ...times(4950, ['満足', 'high'] as [string, Band])
    ];
    const r = tally(big).result();
    expect(r.typicalOfLow.map((w) => w.word)).toEqual(['独占', '偏り']);
  });

  it('gives a word used equally by both sides z ≈ 0: in neither list', () => {
    const r = tally(corpus).result({ minZ: 0 });
    const all = [...r.typicalOfLow, ...r.typicalOfHigh].map((w) => w.word);
    // The sides differ by the three odd comments only, so 商品 leans by a hair at most.
    const z = [...r.typicalOfLow, ...r.typicalOfHigh].find((w) => w.word === '商品')?.z ?? 0;
    expect(Math.abs(z)).toBeLessThan(0.1);
    expect(all).toContain('遅延');
    // Exactly symmetric counts: exactly 0, and the formula is antisymmetric.
    expect(logOddsZ(20, 70, 20, 70, 40, 160)).toBeCloseTo(0, 12);
    expect(logOddsZ(30, 70, 2, 72, 32, 160)).toBeCloseTo(-logOddsZ(2, 72, 30, 70, 32, 160), 12);
  });

  it('does not let a word used once outrank a frequent distinctive one', () => {
    const r = tally(corpus).result({ minZ: -Infinity });
    const rare = r.typicalOfLow.find((w) => w.word === '壊滅')!;
    const frequent = r.typicalOfLow.find((w) => w.word === '遅延')!;
    expect(rare.z).toBeLessThan(frequent.z);
    expect(rare.z).toBeLessThan(1.96);
    // ...so at the default threshold the one-off word is not called typical at all.
    expect(tally(corpus).result().typicalOfLow.map((w) => w.word)).not.toContain('壊滅');
  });

  it('compares nothing when one side has no words', () => {
    const r = tally([
      ['送料が高い', 'low'],
      ['普通', 'mid']
    ]).result();
    expect(r.typicalOfLow).toEqual([]);
    expect(r.typicalOfHigh).toEqual([]);
    expect(r.top).toHaveLength(3);
  });

  it('keeps each list to its limit', () => {
    const r = tally(corpus).result({ typical: 1, minZ: 0 });
    expect(r.typicalOfLow).toHaveLength(1);
    expect(r.typicalOfHigh).toHaveLength(1);
  });
});

describe('minRespondents', () => {
  it('drops words used by fewer respondents from every list', () => {
    const corpus: [string, Band][] = [
      ...times(6, ['送料 配送', 'low'] as [string, Band]),
      ...times(6, ['丁寧 配送', 'high'] as [string, Band]),
      ...times(4, ['破損', 'low'] as [string, Band]),
      ...times(4, ['笑顔', 'high'] as [string, Band])
    ];
    const open = tally(corpus).result({ minZ: 0 });
    expect(open.top.map((w) => w.word)).toEqual(expect.arrayContaining(['破損', '笑顔']));
    const r = tally(corpus).result({ minRespondents: 5, minZ: 0 });
    const words = [...r.top, ...r.typicalOfLow, ...r.typicalOfHigh].map((w) => w.word);
    expect(words).not.toContain('破損');
    expect(words).not.toContain('笑顔');
    expect(r.top.every((w) => w.respondents >= 5)).toBe(true);
    expect(r.typicalOfLow.map((w) => w.word)).toContain('送料');
    expect(r.typicalOfHigh.map((w) => w.word)).toContain('丁寧');
    expect(r.distinctWords).toBe(3);
    expect(r.limits.minRespondents).toBe(5);
    // The counts of comments stay whole: only words are withheld.
    expect(r.respondents.total).toBe(20);
  });
});

describe('through DuckDB (the shared reading loop)', () => {
  let db: NodeDatabase;
  const answers = npsAnswersSql(NO_FILTERS, { scale: '0-10', reading: 'nps' });
  beforeAll(async () => {
    db = await NodeDatabase.open();
    await loadFiles(db, generateDemo(undefined, 0.05));
  });
  afterAll(() => db.close());

  /** The same statistics counted directly from all rows at once. */
  async function direct(): Promise<CommentWordsResult> {
    const rows = toRows<{ comment: string | null; band: Band }>(await db.query(`SELECT comment, band FROM (${answers})`));
    return tally(rows.map((r) => [r.comment, r.band] as const)).result();
  }

  it('reads the answers in batches to the same result as all at once, and cleans up', async () => {
    const expected = await direct();
    expect(expected.respondents.total).toBeGreaterThan(100);
    expect(expected.typicalOfLow.length).toBeGreaterThan(0);
    expect(expected.typicalOfHigh.length).toBeGreaterThan(0);
    expect(await readCommentWords(db, answers, {}, { batchRows: 37 })).toEqual(expected);
    expect(await pageEngine(db).commentWords(answers)).toEqual(expected);
    const left = await db.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '_comment_words_%'`);
    expect(left.columns.n[0]).toBe(0);
  });

  it('yields to the event loop between batches', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await readCommentWords(db, answers, {}, { batchRows: 20 });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('gives no words for no comments', async () => {
    const r = await readCommentWords(db, `${answers} AND FALSE`);
    expect(r.respondents.total).toBe(0);
    expect(r.top).toEqual([]);
  });

  it('reads 200,000 comments (time logged, not asserted)', async () => {
    await db.exec(`CREATE OR REPLACE TEMP TABLE many_comments AS
      WITH pool AS (SELECT list(DISTINCT comment ORDER BY comment) AS l FROM responses WHERE comment IS NOT NULL)
      SELECT l[1 + (hash(i) % len(l))::INTEGER] AS comment, ['high', 'mid', 'low'][1 + (hash(i + 1) % 3)::INTEGER] AS band
      FROM range(200000) t(i), pool`);
    const t0 = performance.now();
    const r = await readCommentWords(db, 'SELECT comment, band FROM many_comments');
    const ms = performance.now() - t0;
    console.log(`comment words of 200,000 demo comments through DuckDB: ${ms.toFixed(0)} ms`);
    expect(r.respondents.total).toBe(200_000);
    await db.exec('DROP TABLE many_comments');
  });
});
