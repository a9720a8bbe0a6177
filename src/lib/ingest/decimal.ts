/**
 * Which mark separates the decimals in a file's numbers: `1,234.56` (point, as Japanese and
 * English exports write them) or `1.234,56` (comma, as German, French or Spanish ones do).
 * Read with the wrong one, `1.200` is 1.2 instead of 1,200, silently: the file's own numbers
 * decide, and when none of them can tell (`1.200` and `15.000` only), the user is asked.
 */

export type DecimalMark = '.' | ',';

/** Signs, currency marks and blanks around a number; what is left is digits and separators. */
const WRAP = /^[\s¥￥$€£\\+\-−△▲(]*|[\s)円%]*$/g;

/** Separators grouping thousands (every group three digits) and, after them, the decimals. */
const POINT_DECIMALS = /^\d{1,3}(,\d{3})*\.\d+$|^\d+\.\d+$/;
const COMMA_DECIMALS = /^\d{1,3}(\.\d{3})*,\d+$|^\d+,\d+$/;

/**
 * Evidence of one mark: a value only it reads as a number (`1.234,5`, `12,50`, `0,99`), or
 * whose one separator has other than three digits after it (`12.5` is not twelve thousand five
 * hundred). `1.200` and `1,200` tell nothing: one mark's decimals are the other's thousands.
 */
function evidence(value: string): DecimalMark | null {
  const v = value.replace(WRAP, '');
  if (!/^[\d.,]+$/.test(v) || !/[.,]/.test(v)) return null;
  const point = POINT_DECIMALS.test(v) || /^\d{1,3}(,\d{3})+$/.test(v);
  const comma = COMMA_DECIMALS.test(v) || /^\d{1,3}(\.\d{3})+$/.test(v);
  if (point && comma) {
    // One separator followed by exactly three digits: either reading works.
    return null;
  }
  return point ? '.' : comma ? ',' : null;
}

/**
 * The mark of a file's number columns from their sample values. Point unless only comma
 * evidence is found; `ambiguous` when nothing tells and some value would read differently
 * (a `1.200` that the comma reading makes 1200): then the user must say.
 */
export function detectDecimalMark(values: string[]): { mark: DecimalMark; ambiguous: boolean } {
  let point = 0;
  let comma = 0;
  let undecided = 0;
  for (const value of values) {
    const e = evidence(value.trim());
    if (e === '.') point++;
    else if (e === ',') comma++;
    else if (/^\d{1,3}(\.\d{3})+$/.test(value.replace(WRAP, ''))) undecided++;
  }
  if (comma > 0 && point === 0) return { mark: ',', ambiguous: false };
  return { mark: '.', ambiguous: point === 0 && undecided > 0 };
}

/**
 * SQL: the text with its marks swapped (`1.234,56` → `1,234.56`), for the point reader. A
 * plain swap: every number spelling the point reader knows then reads in comma files too.
 */
export function asPointDecimals(x: string): string {
  // DuckDB's translate, its text first: written so as not to read as the app's translate(locale, key).
  return `translate((${x}), '.,', ',.')`;
}
