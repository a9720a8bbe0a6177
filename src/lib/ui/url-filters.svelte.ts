/**
 * The global filters of the current URL as a value that only changes when the filters do.
 * Any navigation (a segment click, a grain change) makes a new URL; analyses that depend on
 * the filters alone must not run again for it, so the filters are compared by content.
 */
import { page } from '$app/state';
import type { Filters } from '$lib/analyses/filters';
import { filtersFromParams } from '$lib/state/url-filters';

export class UrlFilters {
  readonly #key = $derived(JSON.stringify(filtersFromParams(page.url.searchParams)));
  readonly current: Filters = $derived(JSON.parse(this.#key));
}
