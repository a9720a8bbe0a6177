/**
 * Word statistics of survey comments: which words respondents use, and which are typical of
 * detractors ('low') as against promoters ('high'). Pure: runs in the engine worker (fed by
 * ./words-read.ts) and in Node tests alike.
 *
 * Counting is per respondent: a word counts once per comment however often the comment repeats
 * it, so every number reads "used by N respondents". (Each answer is a respondent here, as
 * everywhere on the NPS page: a customer who answered twice counts twice.)
 *
 * Words come from `Intl.Segmenter` (ICU's dictionary for Japanese, word rules for Latin text).
 * It splits inflected verbs and adjectives (悪かった → 悪 | か | っ | た); the stop words
 * (./stopwords.ts) drop the pieces and the kanji stem stands for the word.
 */
import type { Band } from './scale';
import { EN_STOPWORDS, JA_SHORT_KANA_KEEP, JA_STOPWORDS } from './stopwords';

// ───────────────────────────── Words of a comment ─────────────────────────────

// One segmenter for all comments: constructing one costs far more than segmenting a comment.
const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

const HAS_LETTER = /\p{L}/u;
/**
 * A number written in kanji, with up to two counters (三, 二十, 二回, 二回目): not a word.
 * 十分 ("enough") is the one such form that is a word.
 */
const KANJI_NUMBER = /^[〇零一二三四五六七八九十百千万億兆]+[回目個点円件人枚度週名歳番倍割位年月日時分秒つ]{0,2}$/;
const KANJI_NUMBER_WORDS: ReadonlySet<string> = new Set(['十分']);
const HIRAGANA_ONLY = /^[\u3041-\u309f]+$/;
const CURLY_APOSTROPHE = /[\u2018\u2019\u02bc]/g;

/** Characters that are never a word on their own: kana, Latin letters, 々 and the like. */
function isMinorLetter(c: number): boolean {
  return (
    (c >= 0x3041 && c <= 0x30ff) ||
    (c >= 0x31f0 && c <= 0x31ff) ||
    (c >= 0x3005 && c <= 0x3006) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xc0 && c <= 0x24f)
  );
}

const isKatakana = (c: number) => (c >= 0x30a1 && c <= 0x30ff && c !== 0x30fb) || (c >= 0x31f0 && c <= 0x31ff);
/** Kanji (with 々); a surrogate half counts too, as astral letters in Japanese text are kanji. */
const isKanji = (c: number) =>
  (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3005 || (c >= 0xd800 && c <= 0xdfff);

const OTHER = 0;
const KATAKANA = 1;
const KANJI = 2;
type Script = typeof OTHER | typeof KATAKANA | typeof KANJI;

/** Whether a segment is all katakana, all kanji, or anything else. */
function scriptOf(s: string): Script {
  const first = s.charCodeAt(0);
  const script = isKatakana(first) ? KATAKANA : isKanji(first) ? KANJI : OTHER;
  if (script === OTHER) return OTHER;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (script === KATAKANA ? !isKatakana(c) : !isKanji(c)) return OTHER;
  }
  return script;
}

const isSingle = (w: string) => w.length === 1 || (w.length === 2 && w.codePointAt(0)! > 0xffff);

/** The counted word a segment stands for (lowercased), or null when it is not one. */
function wordOf(segment: string): string | null {
  let w = segment.toLowerCase();
  if (w.includes('\u2019') || w.includes('\u2018') || w.includes('\u02bc')) w = w.replace(CURLY_APOSTROPHE, "'");
  if (!HAS_LETTER.test(w)) return null;
  if (KANJI_NUMBER.test(w) && !KANJI_NUMBER_WORDS.has(w)) return null;
  if (isSingle(w) && isMinorLetter(w.charCodeAt(0))) return null;
  if (w.length <= 2 && HIRAGANA_ONLY.test(w) && !JA_SHORT_KANA_KEEP.has(w)) return null;
  if (JA_STOPWORDS.has(w) || EN_STOPWORDS.has(w)) return null;
  return w;
}

/**
 * A lone kanji that ICU cut off a word it does not know (同 | 梱, 品 | 揃, 新 | 商品, 再 | 入荷)
 * and that may be joined to its kanji neighbour; not a numeral or a counter (回 | 目, 円 | 以上).
 */
const joinsKanji = (s: string) => isSingle(s) && !JA_STOPWORDS.has(s) && !KANJI_NUMBER.test(s);

// Comments repeat a small vocabulary, so each distinct segment is judged once. Bounded, so
// text full of one-off strings (order numbers, URLs) cannot grow it without end.
const CACHE_LIMIT = 50_000;
const judged = new Map<string, string | null>();

function cachedWordOf(segment: string): string | null {
  let w = judged.get(segment);
  if (w === undefined) {
    if (judged.size >= CACHE_LIMIT) judged.clear();
    w = wordOf(segment);
    judged.set(segment, w);
  }
  return w;
}

function pushWord(out: string[], segment: string): void {
  const w = cachedWordOf(segment);
  if (w !== null) out.push(w);
}

/** The words of one clause (text without clause punctuation), as `tokenize` describes. */
function clauseWords(clause: string, out: string[]): void {
  let run = '';
  let runScript: Script = OTHER;
  let runEnd = -1;
  let last = '';
  for (const { segment, index, isWordLike } of segmenter.segment(clause)) {
    if (!isWordLike) continue;
    const script = scriptOf(segment);
    if (run && index === runEnd && script === runScript && script !== OTHER) {
      if (script === KATAKANA || joinsKanji(last) || joinsKanji(segment)) {
        run += segment;
        runEnd = index + segment.length;
        last = segment;
        continue;
      }
    }
    if (run) pushWord(out, run);
    if (script === OTHER) {
      run = '';
      pushWord(out, segment);
    } else {
      run = segment;
      runScript = script;
      runEnd = index + segment.length;
      last = segment;
    }
  }
  if (run) pushWord(out, run);
}

/**
 * Where a comment is cut into clauses: 。、,!? and line breaks (after NFKC, so ！？，too).
 * Words never span them (a comma between digits does, but numbers are not counted), so
 * segmenting clause by clause gives the same words, and short clauses (特になし, 配送が早い)
 * recur across comments often enough to be worth remembering: ICU's segmenter is the costly
 * part, about a microsecond per segment.
 */
const isClauseEnd = (c: number) => c === 0x3002 || c === 0x3001 || c === 0x2c || c === 0x21 || c === 0x3f || c === 0x0a || c === 0x0d;

const CLAUSE_CACHE_LIMIT = 20_000;
const CLAUSE_CACHE_LENGTH = 60;
const clauses = new Map<string, readonly string[]>();

function pushClause(out: string[], clause: string): void {
  if (clause.length > CLAUSE_CACHE_LENGTH) return clauseWords(clause, out);
  let words = clauses.get(clause);
  if (!words) {
    const w: string[] = [];
    clauseWords(clause, w);
    if (clauses.size >= CLAUSE_CACHE_LIMIT) clauses.clear();
    clauses.set(clause, (words = w));
  }
  for (const w of words) out.push(w);
}

/**
 * The counted words of a text, in order (repeats included). NFKC first, so full-width Latin and
 * digits and half-width katakana read like their usual forms; then word-like segments only
 * (punctuation, spaces and emoji are not). Pieces of words ICU does not know are joined when
 * they touch: katakana to katakana (リ | ピート), a lone kanji to kanji (see `joinsKanji`).
 * Dropped: numbers (also in kanji), single kana or Latin letters, one- and two-letter hiragana
 * pieces, and stop words.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const t = text.normalize('NFKC');
  let from = 0;
  for (let i = 0; i <= t.length; i++) {
    if (i < t.length && !isClauseEnd(t.charCodeAt(i))) continue;
    if (i > from) pushClause(out, t.slice(from, i));
    from = i + 1;
  }
  return out;
}

// ───────────────────────────── Statistics ─────────────────────────────

/** Counts of answers, in all and by group. */
export interface BandCounts {
  total: number;
  high: number;
  mid: number;
  low: number;
}

/** A frequent word: how many respondents used it, in all and by group. */
export interface WordCount {
  word: string;
  respondents: number;
  high: number;
  mid: number;
  low: number;
}

/** A word typical of one group against the other (low against high, or high against low). */
export interface TypicalWord {
  word: string;
  /**
   * How clearly the word leans to the group: the log-odds ratio between the groups over its
   * standard error (Monroe et al.'s z). Positive; ≥ 1.96 means the lean is unlikely to be chance (word by word).
   */
  z: number;
  /** Respondents of each compared group who used it. */
  low: number;
  high: number;
  /** Respondents who used it, all groups. */
  respondents: number;
}

export interface CommentWordsOptions {
  /** How many frequent words to list (default 30). */
  top?: number;
  /** How many typical words to list for each side (default 15). */
  typical?: number;
  /**
   * Words used by fewer respondents are left out of every list (default 1; snapshots use 5, so a
   * rare word cannot point at one customer).
   */
  minRespondents?: number;
  /** A word is typical of a side only with z at least this (default 1.96: 95 %, two-sided). */
  minZ?: number;
  /**
   * α0, the weight of the prior in word uses: each word's prior is its pooled count (all
   * comments, all groups) scaled so that the priors sum to α0. Default: a quarter of the pooled
   * count. Scaling with the data keeps a word never used on one side comparable with one used
   * there rarely at any size (a fixed α0 gives the first a far larger variance once the data
   * dwarfs it); a quarter rather than all of it leaves the data the larger say, so 10 of 40
   * detractors against none of 40 promoters stands out (z ≈ 2.4) while a word used once does not.
   */
  priorSize?: number;
}

/** The default α0 is the pooled count over this (see `priorSize`). */
const PRIOR_SHARE_DIVISOR = 4;

export const COMMENT_WORDS_DEFAULTS = { top: 30, typical: 15, minRespondents: 1, minZ: 1.96 } as const;

export interface CommentWordsResult {
  /** Answers with a comment (not blank), in all and by group: the base of every count below. */
  respondents: BandCounts;
  /** Answers whose comment has at least one counted word (a comment can be only "なし" or "👍"). */
  withWords: BandCounts;
  /** Distinct words used by at least `minRespondents` respondents. */
  distinctWords: number;
  /** The most used words, most respondents first (ties: by word). */
  top: WordCount[];
  /** Words typical of detractors / dissatisfied ('low') against promoters / satisfied ('high'), highest z first. */
  typicalOfLow: TypicalWord[];
  /** Words typical of promoters / satisfied against detractors / dissatisfied. */
  typicalOfHigh: TypicalWord[];
  /** The settings the lists were made with. */
  limits: { top: number; typical: number; minRespondents: number; minZ: number };
}

/**
 * Monroe, Colaresi & Quinn (2008), "Fightin' Words", §3.5: the log-odds ratio of a word between
 * groups i and j with an informative Dirichlet prior, over its approximate standard error.
 * y = the word's count in a group, n = all word counts of the group; αw = the word's prior
 * count, α0 = the sum of all prior counts. Positive when the word leans to group i.
 */
export function logOddsZ(yi: number, ni: number, yj: number, nj: number, alphaW: number, alpha0: number): number {
  const ai = yi + alphaW;
  const bi = ni + alpha0 - yi - alphaW;
  const aj = yj + alphaW;
  const bj = nj + alpha0 - yj - alphaW;
  const delta = Math.log(ai / bi) - Math.log(aj / bj);
  return delta / Math.sqrt(1 / ai + 1 / bi + 1 / aj + 1 / bj);
}

class WordEntry {
  high = 0;
  mid = 0;
  low = 0;
  /** The last comment counted, so a word counts once per comment. */
  seen = -1;
  constructor(readonly word: string) {}
}

const byWord = (a: { word: string }, b: { word: string }) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);
const limit = (v: number | undefined, fallback: number) => (v === undefined || !Number.isFinite(v) ? fallback : Math.max(0, Math.floor(v)));

/** Word counts built one comment at a time (the worker feeds it batch by batch), read with `result`. */
export class CommentWordTally {
  private readonly entries = new Map<string, WordEntry>();
  private comments = 0;
  private readonly respondents: BandCounts = { total: 0, high: 0, mid: 0, low: 0 };
  private readonly withWords: BandCounts = { total: 0, high: 0, mid: 0, low: 0 };

  /** Count one answer's comment; blank or missing comments are not counted at all. */
  add(comment: string | null | undefined, band: Band): void {
    if (!comment || !/\S/.test(comment)) return;
    this.respondents.total++;
    this.respondents[band]++;
    const id = this.comments++;
    let any = false;
    for (const w of tokenize(comment)) {
      let e = this.entries.get(w);
      if (!e) this.entries.set(w, (e = new WordEntry(w)));
      if (e.seen === id) continue;
      e.seen = id;
      e[band]++;
      any = true;
    }
    if (any) {
      this.withWords.total++;
      this.withWords[band]++;
    }
  }

  result(options: CommentWordsOptions = {}): CommentWordsResult {
    const d = COMMENT_WORDS_DEFAULTS;
    const limits = {
      top: limit(options.top, d.top),
      typical: limit(options.typical, d.typical),
      minRespondents: Math.max(1, limit(options.minRespondents, d.minRespondents)),
      minZ: options.minZ ?? d.minZ
    };
    let pooled = 0;
    let nLow = 0;
    let nHigh = 0;
    for (const e of this.entries.values()) {
      pooled += e.high + e.mid + e.low;
      nLow += e.low;
      nHigh += e.high;
    }
    const alpha0 = options.priorSize !== undefined && options.priorSize > 0 ? options.priorSize : pooled / PRIOR_SHARE_DIVISOR;
    // Without words on both sides there is nothing to compare.
    const compare = nLow > 0 && nHigh > 0;

    const top: WordCount[] = [];
    const ofLow: TypicalWord[] = [];
    const ofHigh: TypicalWord[] = [];
    for (const e of this.entries.values()) {
      const respondents = e.high + e.mid + e.low;
      if (respondents < limits.minRespondents) continue;
      top.push({ word: e.word, respondents, high: e.high, mid: e.mid, low: e.low });
      if (!compare) continue;
      const z = logOddsZ(e.low, nLow, e.high, nHigh, (alpha0 * respondents) / pooled, alpha0);
      // A side's typical words are words of that side: one never used there is not typical of it.
      if (z > 0 && z >= limits.minZ && e.low > 0) ofLow.push({ word: e.word, z, low: e.low, high: e.high, respondents });
      else if (z < 0 && -z >= limits.minZ && e.high > 0) ofHigh.push({ word: e.word, z: -z, low: e.low, high: e.high, respondents });
    }
    const distinctWords = top.length;
    top.sort((a, b) => b.respondents - a.respondents || byWord(a, b));
    const byZ = (a: TypicalWord, b: TypicalWord) => b.z - a.z || b.respondents - a.respondents || byWord(a, b);
    ofLow.sort(byZ);
    ofHigh.sort(byZ);
    return {
      respondents: { ...this.respondents },
      withWords: { ...this.withWords },
      distinctWords,
      top: top.slice(0, limits.top),
      typicalOfLow: ofLow.slice(0, limits.typical),
      typicalOfHigh: ofHigh.slice(0, limits.typical),
      limits
    };
  }
}
