/** The source of a page shown from a snapshot: its settings and results as the snapshot holds them. */
import { filtersToParams } from '../state/url-filters';
import type { Snapshot, SnapshotPage } from '../state/snapshot/schema';
import { PAGE_SPECS } from './specs';
import { PageSource } from './source.svelte';

/** The URL parameters a page of a snapshot was made with (filters and its own settings). */
export function snapshotParams(snapshot: Snapshot, page: SnapshotPage): URLSearchParams {
  const spec = PAGE_SPECS[page.id];
  return filtersToParams(snapshot.filters, spec.toParams(page.view as never));
}

export function snapshotSource(snapshot: Snapshot, page: SnapshotPage, mode: 'shared' | 'report'): PageSource {
  return new PageSource(mode, { params: snapshotParams(snapshot, page), results: page.results });
}
