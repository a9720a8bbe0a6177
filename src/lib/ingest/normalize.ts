/**
 * SQL expressions that turn the text of an export into typed values. Each has a fast path
 * (a plain cast, which is what most rows need) and a slow path for the Japanese and
 * spreadsheet spellings: full-width digits, ¥/円/thousands separators, △ negatives,
 * 2024年3月5日, 2024/3/5, Japanese era dates (令和6年1月5日, R6.1.5), ISO with offsets, compact
 * 20240305 and Excel serial days.
 * A value that fits none of them becomes NULL, which the loader reports; nothing is guessed.
 */
import type { DateOrder } from './types';

const FULL = '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ－＋．，：／＠＿　';
const HALF = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-+.,:/@_ ';

/**
 * `x` itself when it is plain ASCII (strlen = length), not empty and not padded with spaces:
 * most values, and then no new string is built (trim alone costs a copy of every value).
 * Otherwise `slow`.
 */
function unlessPlain(x: string, slow: string, alsoPlain = ''): string {
  return `CASE WHEN strlen(${x}) = length(${x}) AND ${x} <> '' AND ${x} NOT LIKE ' %' AND ${x} NOT LIKE '% '${alsoPlain ? ' AND ' + alsoPlain : ''} THEN ${x} ELSE ${slow} END`;
}

/**
 * Full-width ASCII → half-width, BOMs and surrounding blanks removed, empty → NULL; Excel's
 * text guard `="00123"` (which exports write so that a spreadsheet keeps an id's leading zeros)
 * → the text inside it, so that `="00123"` and `00123` are one customer, and `="1200"` a number.
 */
export function cleanText(x: string): string {
  const folded = `nullif(trim(translate(replace(${x}, chr(65279), ''), '${FULL}', '${HALF}')), '')`;
  const unguarded = `list_transform([${folded}], lambda f: CASE WHEN f LIKE '="%"' THEN nullif(trim(substr(f, 3, length(f) - 3)), '') ELSE f END)[1]`;
  return unlessPlain(x, unguarded, `${x} NOT LIKE '=%'`);
}

/** `fast` when it is not NULL, else `slow`; CASE (unlike COALESCE) evaluates `slow` only for the rows that need it. */
function orElse(fast: string, slow: string): string {
  return `CASE WHEN ${fast} IS NOT NULL THEN ${fast} ELSE ${slow} END`;
}

/** Free text kept as written (comments, names of stores): only trimmed, empty → NULL. */
export function keepText(x: string): string {
  return unlessPlain(x, `nullif(trim(replace(${x}, chr(65279), '')), '')`);
}

// Thousands separators only in groups of three: `12,50` is a decimal comma, not ¥1,250, and is
// reported rather than read a hundred times too large.
const MONEY_SHAPE = String.raw`^[¥￥$€£\\ ]*[-+−△▲]?[¥￥$€£\\ ]*\(?[¥￥$€£\\ ]*([0-9]{1,3}(,[0-9]{3})+|[0-9]+)?(\.[0-9]+)?\)?[ ]*円?$`;
const NEGATIVE = String.raw`^[¥￥$€£\\ ]*[-−△▲(]`;

/**
 * A number from money-like text. In Shift_JIS exports the yen sign is byte 0x5C, which
 * decodes as a backslash: `\1,234` means ¥1,234.
 */
export function parseNumber(x: string): string {
  const f = cleanText(x);
  // NaN and Infinity cast to DOUBLE, but no export means them: they go to the slow path and fail.
  return orElse(
    `CASE WHEN isfinite(try_cast(${x} AS DOUBLE)) THEN try_cast(${x} AS DOUBLE) END`,
    `CASE WHEN regexp_matches(${f}, '${MONEY_SHAPE}') AND regexp_matches(${f}, '[0-9]') THEN (CASE WHEN regexp_matches(${f}, '${NEGATIVE}') THEN -1 ELSE 1 END) * try_cast(regexp_replace(${f}, '[^0-9.]', '', 'g') AS DOUBLE) END`
  );
}

/** Dates outside this range are implausible in a sales export and are reported, not loaded. */
export const DATE_RANGE = { min: "TIMESTAMP '1900-01-01'", max: "TIMESTAMP '2100-01-01'" };

/** Excel stores dates as days since 1899-12-30; only 5-digit serials (1954–2173) are taken as dates. */
function excelSerial(f: string): string {
  return `CASE WHEN regexp_matches(${f}, '^[0-9]{5}(\\.[0-9]+)?$') THEN TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(CAST(${f} AS DOUBLE) * 86400000000) AS BIGINT)) END`;
}

/**
 * Japanese era dates, as business systems export them: `令和6年1月5日`, `R6.1.5`, `H31/4/30`,
 * `平成元年1月8日` (元年 is year 1), full-width digits and letters too (folded by cleanText).
 * Each era by its kanji or its initial, the year it began (year 1), its first day in that year
 * (month * 100 + day) and its last year number.
 *
 * A date before its era began (令和元年4月30日, 平成元年1月7日) never existed and is refused.
 * A date after its era ended but within the era's last calendar year (H31.5.1, 昭和64年2月1日)
 * is read as the day it names: forms and systems printed in advance kept writing the old era
 * for the rest of that year, and the government stated such dates stay valid. A year past the
 * era's last (平成32年) is refused rather than guessed.
 */
const ERAS: { names: string[]; first: number; startMd: number; lastYear: number | null }[] = [
  { names: ['明治', '㍾', 'M', 'm'], first: 1868, startMd: 101, lastYear: 45 },
  { names: ['大正', '㍽', 'T', 't'], first: 1912, startMd: 730, lastYear: 15 },
  { names: ['昭和', '㍼', 'S', 's'], first: 1926, startMd: 1225, lastYear: 64 },
  { names: ['平成', '㍻', 'H', 'h'], first: 1989, startMd: 108, lastYear: 31 },
  { names: ['令和', '㋿', 'R', 'r'], first: 2019, startMd: 501, lastYear: null }
];
const ERA_WORDS = ERAS.flatMap((e) => e.names.filter((n) => n.length > 1)).join('|');
const ERA_CHARS = ERAS.flatMap((e) => e.names.filter((n) => n.length === 1)).join('');
/** era, year (digits or 元), month, day, the rest (a time of day). */
export const ERA_DATE = String.raw`^(${ERA_WORDS}|[${ERA_CHARS}]) *([0-9]{1,2}|元) *(?:年|[./-]) *([0-9]{1,2}) *(?:月|[./-]) *([0-9]{1,2}) *日?(.*)$`;

/** A SQL condition: the (cleaned) text is spelled as an era date, valid or not. */
export function isEraSpelling(f: string): string {
  // Most dates start with a digit: those skip the pattern.
  return `(NOT ascii(${f}) BETWEEN 48 AND 57 AND regexp_matches(${f}, '${ERA_DATE}'))`;
}

/**
 * An era date → its TIMESTAMP (NULL when impossible, see ERAS). Apart from the other spellings'
 * chain, so that the chain's many uses of the text do not each repeat this conversion.
 */
function eraTimestamp(f: string): string {
  // The parts are extracted once and bound to `p` by a one-element list_transform (DuckDB has no LET).
  const part = (name: string) => `p['${name}']`;
  const era = part('era');
  const year = `CASE WHEN ${part('y')} = '元' THEN 1 ELSE CAST(${part('y')} AS INTEGER) END`;
  const md = `(CAST(${part('m')} AS INTEGER) * 100 + CAST(${part('d')} AS INTEGER))`;
  const of = (pick: (e: (typeof ERAS)[number]) => string) =>
    `CASE ${era} ${ERAS.flatMap((e) => e.names.map((n) => `WHEN '${n}' THEN ${pick(e)}`)).join(' ')} END`;
  const valid = `${year} >= 1 AND ${year} <= ${of((e) => String(e.lastYear ?? 9999))} AND (${year} > 1 OR ${md} >= ${of((e) => String(e.startMd))})`;
  const western = `trim(CAST(${of((e) => String(e.first - 1))} + ${year} AS VARCHAR) || '-' || ${part('m')} || '-' || ${part('d')} || ' ' || trim(${part('rest')}))`;
  const parts = `regexp_extract(${f}, '${ERA_DATE}', ['era', 'y', 'm', 'd', 'rest'])`;
  return `list_transform([${parts}], lambda p: CASE WHEN ${valid} THEN try_strptime(${western}, ${withTimes('%Y-%m-%d')}) END)[1]`;
}

/** Date text made uniform: `2024年3月5日 10:00` and `2024/3/5T10:00+09:00` → `2024-3-5 10:00`. */
function uniformDate(f: string): string {
  const ja = `replace(replace(replace(${f}, '年', '-'), '月', '-'), '日', ' ')`;
  const dashed = `regexp_replace(${ja}, '^([0-9]{1,4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,4})[T ]*', '\\1-\\2-\\3 ')`;
  // The offset is dropped on purpose: exports record the shop's wall-clock time, and analyses
  // work in calendar dates of that clock (the browser build has no ICU time zones).
  return `trim(regexp_replace(${dashed}, '(Z|[+-][0-9]{2}:?[0-9]{2})$', ''))`;
}

/** `fmt` with and without a time of day, for try_strptime. */
function withTimes(date: string): string {
  return `['${date} %H:%M:%S', '${date} %H:%M', '${date}']`;
}

/**
 * A cast that only counts when it found a four-digit year: DuckDB reads `3-4-24` as the year 3,
 * which is never what a slash date with a two-digit year means.
 */
function castWithYear(v: string): string {
  return `CASE WHEN try_cast(${v} AS TIMESTAMP) >= TIMESTAMP '1000-01-01' THEN try_cast(${v} AS TIMESTAMP) END`;
}

/** Text → TIMESTAMP, or NULL when no known spelling fits. `order` settles 03/04/2024. */
export function parseTimestamp(x: string, order: DateOrder): string {
  const f = cleanText(x);
  const u = uniformDate(f);
  const md = order === 'dmy' ? '%d-%m' : '%m-%d';
  // Two-digit years (`3/4/24`, `24/3/5`) are read as %y: 00–68 → 20xx, 69–99 → 19xx.
  const shortYear = `regexp_matches(${u}, '${order === 'ymd' ? '^[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}( |$)' : '^[0-9]{1,2}-[0-9]{1,2}-[0-9]{2}( |$)'}')`;
  const other =
    order === 'ymd'
      ? `CASE WHEN ${shortYear} THEN try_strptime(${u}, ${withTimes('%y-%m-%d')}) END, `
      : `CASE WHEN ${shortYear} THEN try_strptime(${u}, ${withTimes(md + '-%y')}) ELSE try_strptime(${u}, ${withTimes(md + '-%Y')}) END, `;
  return orElse(
    castWithYear(x),
    `CASE WHEN ${isEraSpelling(f)} THEN ${eraTimestamp(f)} ELSE coalesce(${castWithYear(u)}, ${other}try_strptime(${u}, ['%Y%m%d', '%Y%m%d%H%M%S', '%Y-%m-%d %H:%M']), ${excelSerial(f)}) END`
  );
}

/**
 * `103309`, `93309`, `10:33:09`, `10:33`, or `1033` / `933` (HHMM / HMM, as POS exports write
 * them) → an interval since midnight (NULL when not a time of day).
 */
export function parseTimeOfDay(x: string): string {
  const f = cleanText(x);
  const bare = `regexp_replace(${f}, '[^0-9]', '', 'g')`;
  const digits = `CASE WHEN length(${bare}) <= 4 THEN lpad(${bare}, 4, '0') || '00' ELSE lpad(${bare}, 6, '0') END`;
  const time = `CASE WHEN regexp_matches(${f}, '^[0-9]{1,2}:[0-9]{2}$') THEN try_cast(${f} || ':00' AS TIME) WHEN regexp_matches(${f}, '^[0-9]{3,6}$|^[0-9]{1,2}:[0-9]{2}:[0-9]{2}$') THEN try_cast(substr(${digits}, 1, 2) || ':' || substr(${digits}, 3, 2) || ':' || substr(${digits}, 5, 2) AS TIME) END`;
  return `((DATE '2000-01-01' + ${time}) - TIMESTAMP '2000-01-01')`;
}

/** E-mail identity: width-folded, lower-case, no blanks. */
export function emailKey(x: string): string {
  return `nullif(lower(replace(${cleanText(x)}, ' ', '')), '')`;
}

/** Name + phone identity: spaces and hyphens gone, case folded, +81 numbers written domestically. */
export function namePhoneKey(name: string, phone: string): string {
  const n = `nullif(lower(regexp_replace(${cleanText(name)}, '[\\s　]', '', 'g')), '')`;
  const digits = `regexp_replace(${cleanText(phone)}, '[^0-9]', '', 'g')`;
  const p = `nullif(CASE WHEN ${digits} LIKE '81%' AND length(${digits}) BETWEEN 11 AND 12 THEN '0' || substr(${digits}, 3) ELSE ${digits} END, '')`;
  return `CASE WHEN ${n} IS NOT NULL AND ${p} IS NOT NULL THEN ${n} || '|' || ${p} END`;
}

/** Status words that mean the order did not stand: cancellations, returns, refunds. */
const RETURN_STATUS = String.raw`(?i)(キャンセル|取消|取り消し|返品|返送|返金|cancel|refund|return|void|失敗|failed)`;
/**
 * …unless the status rules the refund or cancellation out (返金なし, キャンセル不可, non-refundable)
 * or it was partial (Shopify's partially_refunded: the order stands, the refund column nets it).
 * RE2 has no lookahead, hence a second pattern.
 */
const NOT_RETURN_STATUS = String.raw`(?i)(なし|無し|不可|partial|\bno[ _-]|\bnot[ _-]|\bnon[ _-]?)`;

/** A SQL condition: the status text means the order did not stand (NULL when the status is NULL). */
export function isReturnStatus(status: string): string {
  return `(regexp_matches(${status}, '${RETURN_STATUS}') AND NOT regexp_matches(${status}, '${NOT_RETURN_STATUS}'))`;
}
