/**
 * The global filters of a page's parameters as a value that only changes when the filters do.
 * Any navigation (a segment click, a grain change) makes a new URL; analyses that depend on
 * the filters alone must not run again for it, so the filters are compared by `filtersKey`.
 */
import { untrack } from 'svelte';
import { page } from '$app/state';
import { filtersKey, type Filters } from '$lib/analyses/filters';
import { filtersFromParams } from '$lib/state/url-filters';

export class UrlFilters {
  readonly #parsed: Filters;
  readonly #key: string;
  /** Re-derived only when the key changes; reads the parse of that moment. */
  readonly current: Filters;

  /** `params`: the page's parameters (default: the URL's query). */
  constructor(params: () => URLSearchParams = () => page.url.searchParams) {
    this.#parsed = $derived(filtersFromParams(params()));
    this.#key = $derived(filtersKey(this.#parsed));
    this.current = $derived.by(() => {
      void this.#key;
      return untrack(() => this.#parsed);
    });
  }
}
