/**
 * A snapshot from live results: each page's results withheld by its rules (analyses/withhold.ts)
 * and rounded to what the pages can show, with the settings they were made with and a neutral
 * description of the dataset (counts and dates; never file names).
 */
import type { Filters } from '../../analyses/filters';
import type { Locale } from '../../i18n/format';
import { PAGE_SPECS, type LivePage } from '../../pages/specs';
import { PAGE_COMPUTE } from '../../pages/compute';
import type { PageId } from '../../pages/ids';
import { SNAPSHOT_VERSION, type Snapshot, type SnapshotDataset, type SnapshotPage } from './schema';
import { packPage, unpackPage } from './pack';
import { version as appVersion } from '../../../../package.json';

export type { LivePage };

/**
 * Numbers as a snapshot keeps them: whole numbers as they are, larger ones (amounts) to four
 * decimals, the rest (shares, rates, ratios, model parameters) to nine significant digits. That
 * is shorter than a double's seventeen digits, yet so much finer than any page shows a figure
 * that a shared page shows the very digits of the live one (rounding twice could otherwise move
 * a figure that sits on a rounding boundary: 70.025 % shown as 70.03 % instead of 70.02 %).
 */
export function roundForSnapshot(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  if (Math.abs(x) >= 100) return Math.round(x * 1e4) / 1e4;
  return Number(x.toPrecision(9));
}

function rounded<T>(value: T): T {
  if (typeof value === 'number') return roundForSnapshot(value) as T;
  if (Array.isArray(value)) return value.map(rounded) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, rounded(x)])) as T;
  return value;
}

/** A page's snapshot, or null when its rules withhold all of it (the view describes too few customers). */
export function snapshotPage(page: LivePage): SnapshotPage | null {
  const view = PAGE_SPECS[page.id].view(page.params);
  const keys = PAGE_SPECS[page.id].keys(view as never);
  const live = Object.fromEntries(keys.map((k) => [k, page.results[k] ?? null]));
  const shown = PAGE_COMPUTE[page.id].withhold(live as never) as Record<string, unknown>;
  const anything = keys.some((k) => live[k] !== null);
  if (anything && keys.every((k) => shown[k] === null)) return null;
  const out = { id: page.id, view, results: rounded(shown) } as SnapshotPage;
  // As a reader of the link will have it: what the link leaves out, derived again (see ./pack.ts).
  return unpackPage(packPage(out)) as SnapshotPage;
}

export interface SnapshotInput {
  pages: LivePage[];
  filters: Filters;
  dataset: SnapshotDataset;
  locale: Locale;
  currency: string;
  now?: Date;
}

/** The snapshot of the pages that may be shared; `refused` lists the others. Null when none may. */
export function buildSnapshot(input: SnapshotInput): { snapshot: Snapshot | null; refused: PageId[] } {
  const pages: SnapshotPage[] = [];
  const refused: PageId[] = [];
  for (const p of input.pages) {
    const s = snapshotPage(p);
    if (s) pages.push(s);
    else refused.push(p.id);
  }
  if (pages.length === 0) return { snapshot: null, refused };
  return {
    snapshot: {
      v: SNAPSHOT_VERSION,
      createdAt: (input.now ?? new Date()).toISOString(),
      app: appVersion,
      locale: input.locale,
      currency: input.currency,
      dataset: input.dataset,
      filters: input.filters,
      pages
    },
    refused
  };
}
