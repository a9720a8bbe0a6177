/**
 * How the page tells that the engine worker is gone. A worker that is killed (the browser
 * reclaiming memory, a crash, `terminate()`) sends no event at all: calls to it simply never
 * answer. So the page asks it a trivial question now and then, and a question left unanswered
 * for `within` ms means the worker is dead. The threshold is generous: the worker's own event
 * loop is busy only between DuckDB's answers (making the demo, a model fit, a file decoding),
 * which takes seconds on a loaded two-core machine, while DuckDB itself runs in a worker of its
 * own and never blocks it. A false alarm would cost a reload of the data; a missed death, a
 * page that waits for ever.
 *
 * Errors that leave a WebAssembly instance unusable are recognised by their message
 * (`isFatalEngineError`): after a memory trap or an out-of-memory, a fresh worker is the only
 * cure, since WebAssembly memory never shrinks.
 */

export interface LivenessOptions {
  /** How often to ask. */
  every?: number;
  /** How long a question may stay unanswered before the worker counts as dead. */
  within?: number;
  now?: () => number;
}

/** Start watching; `onDead` is called once. Returns a function that stops watching. */
export function watchLiveness(ping: () => Promise<unknown>, onDead: () => void, options: LivenessOptions = {}): () => void {
  const { every = 2_000, within = 30_000, now = Date.now } = options;
  let askedAt: number | null = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  const tick = () => {
    if (stopped) return;
    if (askedAt !== null) {
      if (now() - askedAt >= within) {
        stop();
        onDead();
      }
      return;
    }
    const asked = (askedAt = now());
    ping().then(
      () => {
        if (askedAt === asked) askedAt = null;
      },
      // A refused question was answered: the worker is there (a broken engine shows in its calls).
      () => {
        if (askedAt === asked) askedAt = null;
      }
    );
  };
  const timer = setInterval(tick, every);
  tick();
  return stop;
}

/** Why the engine stopped: the worker went silent or crashed, or DuckDB ran out of memory. */
export type EngineDeath = 'crashed' | 'memory';

/**
 * Whether an error means the engine's WebAssembly is finished: a trap (`unreachable`, an
 * out-of-bounds access after a failed allocation, Emscripten's `Aborted()`), a failed memory
 * growth, or DuckDB's own out-of-memory error (after which the worker's memory stays at its
 * peak for good). Returns the kind of death, or null for an ordinary error (bad SQL, a file's
 * problem) that leaves the engine usable.
 */
export function isFatalEngineError(message: string): EngineDeath | null {
  if (/out of memory|memory allocation|could not allocate|failed to allocate|Memory\.grow|WebAssembly\.Memory|Array buffer allocation failed/i.test(message)) return 'memory';
  if (/RuntimeError: (unreachable|memory access out of bounds)|^unreachable$|memory access out of bounds|Aborted\(/i.test(message)) return 'crashed';
  return null;
}
