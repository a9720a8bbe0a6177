/**
 * Work a page does ahead of time, in the background (see engine/client.ts `idleEngine`): one
 * choice after the other, until done, stopped, or the cache has no room left.
 */
import { CacheFull } from '../analyses/cache';
import type { Filters } from '../analyses/filters';
import type { QueryRunner } from '../engine/types';

export interface Ahead {
  /** Start no further choice (for an `$effect`'s cleanup); the one under way finishes. */
  stop(): void;
  /** Settles when no more choices will run. */
  done: Promise<void>;
}

/** Run `work` for each of `choices` in turn. */
export function computeAhead(db: QueryRunner, choices: Filters[], work: (db: QueryRunner, f: Filters) => Promise<unknown>): Ahead {
  let stopped = false;
  const done = (async () => {
    for (const f of choices) {
      if (stopped) return;
      try {
        await work(db, f);
      } catch (e) {
        // A failure is the page's to report once the user asks for those filters; no room, no more.
        if (e instanceof CacheFull) return;
      }
    }
  })();
  return { stop: () => (stopped = true), done };
}
