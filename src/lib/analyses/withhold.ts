/**
 * What a snapshot (share link, report file) may not show: groups of fewer than MIN_GROUP
 * customers, so that nobody can be singled out, and figures from which such a group could be
 * worked out by subtraction. Live pages show everything: it is the user's own data on their own
 * device. Each analysis applies these rules to its result in its own `withhold.ts`.
 *
 * A withheld group keeps its place (a month, a segment, a cell) with its figures set to null and
 * `withheld` saying why: 'small' (1–4 customers: shown as "< 5") or 'complement' (large enough,
 * but hidden because it and a small group make up a total that is shown).
 */

export const MIN_GROUP = 5;

/** How a withheld figure reads (language-neutral): the size of a small group, anything else. */
export const WITHHELD_COUNT = `< ${MIN_GROUP}`;
export const WITHHELD_VALUE = '—';

export type Withheld = 'small' | 'complement';

/** 1–4 customers. An empty group describes nobody and is shown as it is. */
export function isSmall(customers: number | null | undefined): boolean {
  return customers !== null && customers !== undefined && customers > 0 && customers < MIN_GROUP;
}

/**
 * Which groups to withhold, given their sizes and the "lines" of groups whose total is shown
 * elsewhere (the rows and columns of a matrix, the segments of a whole): every small group, and
 * then, wherever a line would have exactly one withheld member (its value = total − the rest),
 * its next smallest member as well, until no line has a lone withheld member.
 */
export function withholdGroups(sizes: readonly number[], lines: readonly (readonly number[])[] = [sizes.map((_, i) => i)]): (Withheld | null)[] {
  const out: (Withheld | null)[] = sizes.map((n) => (isSmall(n) ? 'small' : null));
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter((i) => out[i] !== null).length !== 1) continue;
      // The smallest other member, preferring one that describes somebody.
      const open = line.filter((i) => out[i] === null);
      const pick = open.sort((a, b) => (sizes[a] > 0 ? 0 : 1) - (sizes[b] > 0 ? 0 : 1) || sizes[a] - sizes[b])[0];
      if (pick === undefined) continue;
      out[pick] = 'complement';
      changed = true;
    }
  }
  return out;
}

/**
 * The points of a cumulative curve over customers (the Pareto curve) that can be shown: its
 * start, then each point at least MIN_GROUP customers after the last one kept and at least
 * MIN_GROUP before the end, then its end, so that no difference of two points describes fewer
 * than MIN_GROUP customers. `points` run from 0 customers to all `total` of them.
 */
export function thinCurve<T>(points: readonly T[], customersAt: (p: T) => number, total: number): T[] {
  if (total < MIN_GROUP || points.length === 0) return [];
  const out: T[] = [];
  let last = 0;
  for (const p of points) {
    const n = customersAt(p);
    if (out.length === 0 ? n === 0 : n - last >= MIN_GROUP && total - n >= MIN_GROUP) {
      out.push(p);
      last = n;
    }
  }
  const end = points[points.length - 1];
  if (customersAt(end) === total && out.length > 0) out.push(end);
  return out;
}

/** A group's record with every figure (number) set to null but those in `keep`, marked `withheld`. */
export function blank<T extends object>(record: T, withheld: Withheld, keep: readonly (keyof T)[] = []): T {
  const out: Record<string, unknown> = { ...record, withheld };
  for (const [k, v] of Object.entries(record)) if (typeof v === 'number' && !keep.includes(k as keyof T)) out[k] = null;
  return out as T;
}

/** `withholdGroups` applied to records with a `customers` size: the withheld ones blanked. */
export function withholdRecords<T extends { customers: number | null }>(
  records: readonly T[],
  lines?: readonly (readonly number[])[],
  keep: readonly (keyof T)[] = []
): T[] {
  const out = withholdGroups(records.map((r) => r.customers ?? 0), lines);
  return records.map((r, i) => (out[i] ? blank(r, out[i], keep) : r));
}
