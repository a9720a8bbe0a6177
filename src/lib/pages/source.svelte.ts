/**
 * Where a page's results come from: the engine (live, the user's own data) or a snapshot (a
 * shared link, a report file). A page is written once against a `PageSource` and renders the
 * same cards from either; the engine is only ever asked in live mode, so a shared view never
 * starts DuckDB.
 *
 * In live mode the source also keeps the page's current results, for the Share and Report
 * buttons to put into a snapshot.
 */
import { createContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { page } from '$app/state';
import { failureOf, type Failure } from '../ui/failure';
import { dataset } from '../state/dataset.svelte';
import { darkMode } from '../ui/dark.svelte';

export type Phase = 'loading' | 'ready' | 'empty' | 'error';

/** live: the engine; shared: a snapshot opened from a link; report: a snapshot drawn into a report file. */
export type SourceMode = 'live' | 'shared' | 'report';

/** What a snapshot gives a page: its settings (as URL parameters) and the results of its analyses. */
export interface FixedResults {
  params: URLSearchParams;
  results: Record<string, unknown>;
}

/**
 * The state of one analysis of a page: loading, ready (with its result), empty (null result) or
 * error, for the per-card skeleton / empty / error states. A newer run makes older ones stale,
 * so a slow answer for old filters never overwrites a newer one. From a snapshot the result is
 * there at once; `withheld` says that the snapshot left it out (too few customers to show).
 */
export class Analysis<T> {
  result = $state<T | null>(null);
  phase = $state<Phase>('loading');
  /** Why it failed, when it did (worded by FailureAlert; never the engine's text as it is). */
  failure = $state<Failure | null>(null);
  withheld = $state(false);

  constructor(
    private readonly fixed: FixedResults | null = null,
    readonly key = ''
  ) {
    if (fixed) this.settle();
  }

  private settle(): void {
    const value = (this.fixed!.results[this.key] ?? null) as T | null;
    this.result = value;
    this.phase = value === null ? 'empty' : 'ready';
    this.withheld = value === null && this.key in this.fixed!.results;
  }

  /**
   * Call from an `$effect`, reading every input before calling: runs `work` once the dataset is
   * loaded (and again after every load) and returns the effect's cleanup. From a snapshot, never
   * runs `work`.
   */
  track(work: () => Promise<T | null>): (() => void) | undefined {
    if (this.fixed) return;
    void dataset.version;
    if (dataset.status !== 'ready') return;
    let stale = false;
    this.phase = 'loading';
    work().then(
      (r) => {
        if (stale) return;
        this.result = r;
        this.phase = r === null ? 'empty' : 'ready';
      },
      (e) => {
        if (stale) return;
        // A stopped engine: the banner at the top says what happened and offers to reload; the card points to it.
        this.failure = failureOf(e);
        this.phase = 'error';
      }
    );
    return () => (stale = true);
  }
}

export class PageSource {
  readonly #analyses = new SvelteMap<string, Analysis<unknown>>();

  constructor(
    readonly mode: SourceMode,
    private readonly fixed: FixedResults | null = null
  ) {}

  /** Shared and report views show results only: no controls, no customer lists, no engine. */
  get readonly(): boolean {
    return this.mode !== 'live';
  }

  /** Whether the page can be clicked at all (a report file is printed and has no script). */
  get interactive(): boolean {
    return this.mode !== 'report';
  }

  /** Whether charts use the dark theme: with the system, except in a report file (printed on white). */
  get dark(): boolean {
    return this.mode !== 'report' && darkMode.dark;
  }

  /** The page's settings: the URL's query in live mode (reactive), the snapshot's otherwise. */
  get params(): URLSearchParams {
    return this.fixed ? this.fixed.params : page.url.searchParams;
  }

  /** An analysis of the page on screen, under the key its result has in a snapshot. */
  analysis<T>(key: string): Analysis<T> {
    const a = new Analysis<T>(this.fixed, key);
    if (!this.fixed) this.#analyses.set(key, a as Analysis<unknown>);
    return a;
  }

  /** Called by a page when it opens: forget the previous page's analyses. */
  open(): void {
    this.#analyses.clear();
  }

  /**
   * The current results under `keys`, for a snapshot: null while any of them is loading or
   * failed (there is nothing settled to share yet).
   */
  results(keys: readonly string[]): Record<string, unknown> | null {
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const a = this.#analyses.get(k);
      if (!a || (a.phase !== 'ready' && a.phase !== 'empty')) return null;
      out[k] = a.result;
    }
    return out;
  }
}

const [getSource, setSource, hasSource] = createContext<PageSource>();
export { getSource, setSource, hasSource };

/**
 * For a page component: its source, which forgets the previous page's analyses. (Which page is
 * on screen is the route's business: see `pageOfRoute`. A navigation may create the new page
 * before it destroys the old one, or the other way round.)
 */
export function usePage(): PageSource {
  const source = getSource();
  source.open();
  return source;
}
