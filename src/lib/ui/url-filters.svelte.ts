/**
 * The global filters of the current URL as a value that only changes when the filters do.
 * Any navigation (a segment click, a grain change) makes a new URL; analyses that depend on
 * the filters alone must not run again for it, so the filters are compared by `filtersKey`.
 */
import { untrack } from 'svelte';
import { page } from '$app/state';
import { filtersKey, type Filters } from '$lib/analyses/filters';
import { filtersFromParams } from '$lib/state/url-filters';

export class UrlFilters {
  readonly #parsed = $derived(filtersFromParams(page.url.searchParams));
  readonly #key = $derived(filtersKey(this.#parsed));
  /** Re-derived only when the key changes; reads the parse of that moment. */
  readonly current: Filters = $derived.by(() => {
    void this.#key;
    return untrack(() => this.#parsed);
  });
}
