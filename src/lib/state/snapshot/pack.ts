/**
 * How a snapshot is laid out for the link, to keep it short, and read back, losing nothing:
 * - the cohort pages leave out what they derive again, exactly, with the analysis's own code
 *   (analyses/cohorts/ratios.ts): cells' and F2 points' ratios from their counts, and the
 *   all-cohort average when no cohort figure is withheld; and what the position of a cell or an
 *   F2 point says (its period, its horizon);
 * - lists of records with the same fields are stored by column (`{"$t": [fields], "c": [columns]}`),
 *   which compresses far better than repeating each record's structure.
 * Unpacking runs on untrusted input before the schema check: it never throws, and leaves what it
 * does not recognise for the schema to refuse.
 */
import { allShown, cohortAverages, cohortCounts, cohortRatios, f2Counts, f2Rates, type CohortCounts, type F2Counts } from '../../analyses/cohorts/ratios';
import { F2_HORIZONS } from '../../analyses/cohorts/types';
import type { SnapshotPage } from './schema';

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

// ---------------------------------------------------------------- columns

const TABLE = '$t';

function toColumns(x: unknown): unknown {
  if (Array.isArray(x)) {
    const keys = x.length >= 2 && x.every(isObject) ? Object.keys(x[0]) : null;
    if (keys?.length && x.every((o) => Object.keys(o).length === keys.length && keys.every((k) => k in o)))
      return { [TABLE]: keys, c: keys.map((k) => x.map((o) => toColumns((o as Json)[k]))) };
    return x.map(toColumns);
  }
  if (isObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toColumns(v)]));
  return x;
}

function fromColumns(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(fromColumns);
  if (!isObject(x)) return x;
  const keys = x[TABLE];
  const columns = x.c;
  if (
    Array.isArray(keys) && keys.every((k) => typeof k === 'string') && Array.isArray(columns) &&
    keys.length > 0 && columns.length === keys.length && columns.every((c) => Array.isArray(c) && c.length === (columns[0] as unknown[]).length)
  ) {
    const n = (columns[0] as unknown[]).length;
    return Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k, j) => [k, fromColumns((columns[j] as unknown[])[i])])));
  }
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, fromColumns(v)]));
}

// ---------------------------------------------------------------- derived figures

/**
 * A cohort's cells without what their position says: cell i is period k = i, and only the last
 * can be incomplete (`open`). Left as they are when that does not hold.
 */
function packCells(c: CohortCounts): unknown {
  const last = c.cells.length - 1;
  if (!c.cells.every((x, i) => x.k === i && (x.complete || i === last))) return c;
  return { ...c, open: last >= 0 && !c.cells[last].complete, cells: c.cells.map(({ k: _k, complete: _c, ...x }) => x) };
}

function unpackCells(c: Json): Json {
  if (typeof c.open !== 'boolean') return c;
  const { open, ...rest } = c;
  const cells = c.cells as Json[];
  return { ...rest, cells: cells.map((x, i) => ({ k: i, ...x, complete: !(open && i === cells.length - 1) })) };
}

/** F2 points without their horizons when they are the fixed ones, in order. */
function packPoints(m: F2Counts): unknown {
  if (m.points.length !== F2_HORIZONS.length || !m.points.every((p, i) => p.days === F2_HORIZONS[i])) return m;
  return { ...m, points: m.points.map(({ days: _d, ...p }) => p) };
}

function unpackPoints(m: Json): Json {
  const points = m.points as Json[];
  if (points.length !== F2_HORIZONS.length || points.some((p) => 'days' in p)) return m;
  return { ...m, points: points.map((p, i) => ({ days: F2_HORIZONS[i], ...p })) };
}

function packDerived(page: SnapshotPage): unknown {
  if (page.id !== 'cohorts') return page;
  const { cohorts, second } = page.results;
  const counts = cohorts?.cohorts.map(cohortCounts) ?? [];
  return {
    ...page,
    results: {
      cohorts: cohorts && { ...cohorts, cohorts: counts.map(packCells), average: allShown(counts) ? null : cohorts.average },
      second: second && { ...second, months: second.months.map((m) => packPoints(f2Counts(m))) }
    }
  };
}

/** Apply `f` to each element of `obj[key]` that is an object with an array of objects `inner`. */
function mapList(obj: unknown, key: string, inner: string, f: (x: never) => unknown): unknown {
  if (!isObject(obj) || !Array.isArray(obj[key])) return obj;
  return { ...obj, [key]: (obj[key] as unknown[]).map((x) => (isObject(x) && Array.isArray(x[inner]) && x[inner].every(isObject) ? f(x as never) : x)) };
}

function unpackDerived(page: unknown): unknown {
  if (!isObject(page) || page.id !== 'cohorts' || !isObject(page.results)) return page;
  try {
    const cohorts = mapList(page.results.cohorts, 'cohorts', 'cells', (c: Json) => cohortRatios(unpackCells(c) as CohortCounts));
    const withAverage =
      isObject(cohorts) && cohorts.average === null && isObject(page.results.cohorts) && Array.isArray(page.results.cohorts.cohorts)
        ? { ...cohorts, average: allShown(cohorts.cohorts as CohortCounts[]) ? cohortAverages(cohorts.cohorts as never) : null }
        : cohorts;
    return {
      ...page,
      results: {
        ...page.results,
        cohorts: withAverage,
        second: mapList(page.results.second, 'months', 'points', (m: Json) => f2Rates(unpackPoints(m) as F2Counts))
      }
    };
  } catch {
    return page;
  }
}

// ---------------------------------------------------------------- pages

export function packPage(page: SnapshotPage): unknown {
  return toColumns(packDerived(page));
}

export function unpackPage(page: unknown): unknown {
  return unpackDerived(fromColumns(page));
}
