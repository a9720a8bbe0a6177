/**
 * The state of one analysis on a page: loading, ready (with its result), empty (null result)
 * or error, for the per-card skeleton / empty / error states. A newer run makes older ones
 * stale, so a slow answer for old filters never overwrites a newer one.
 */
import { errorMessage } from '$lib/engine/client';
import { dataset } from '$lib/state/dataset.svelte';

export type Phase = 'loading' | 'ready' | 'empty' | 'error';

export class Analysis<T> {
  result = $state<T | null>(null);
  phase = $state<Phase>('loading');
  error = $state('');

  /**
   * Call from an `$effect`, reading every input before calling: runs `work` once the dataset is
   * loaded (and again after every load) and returns the effect's cleanup.
   */
  track(work: () => Promise<T | null>): (() => void) | undefined {
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
        this.error = errorMessage(e);
        this.phase = 'error';
      }
    );
    return () => (stale = true);
  }
}
