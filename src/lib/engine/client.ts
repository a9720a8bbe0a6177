/**
 * The page's handle on the engine worker. One worker per dataset: WASM memory never shrinks,
 * so a new dataset (or a cancelled load) gets a fresh worker instead of dropping tables.
 *
 * A worker can also die (out of memory, a crash, killed by the browser): a killed worker sends
 * nothing, so its calls would wait for ever. The client watches it (see liveness.ts: a worker
 * `error` event, a question left unanswered, an error that leaves the WebAssembly unusable),
 * rejects every pending and later call with `EngineDied`, and tells `onDeath`; `restart()`
 * then gives a fresh worker.
 */
import * as Comlink from 'comlink';
import EngineWorker from './worker?worker';
import type { EngineApi } from './api';
import type { Columns, EngineInfo, Progress, QueryRunner } from './types';
import type { ClvRequest, ClvResult } from '../analyses/clv/types';
import type { CommentWordsOptions, CommentWordsResult } from '../analyses/nps/words';
import type { ProgrammeResult } from '../analyses/programme/types';
import type { Filters } from '../analyses/filters';
import { isFatalEngineError, watchLiveness, type EngineDeath } from './liveness';

export type EngineRemote = Comlink.Remote<EngineApi>;
export type { EngineDeath } from './liveness';

export class EngineCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** The engine worker stopped while (or before) this call ran; its data is gone with it. */
export class EngineDied extends Error {
  constructor(
    readonly reason: EngineDeath,
    readonly detail = ''
  ) {
    super(detail ? `engine stopped (${reason}): ${detail}` : `engine stopped (${reason})`);
    this.name = 'EngineDied';
  }
}

/** A readable message from whatever the worker threw (Comlink forwards Error name and message). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** One worker's life: it ends by `restart()` (on purpose) or by `die()` (a fault). */
interface Life {
  worker: Worker;
  remote: EngineRemote;
  /** Rejects with EngineDied when the worker dies; never resolves. */
  death: Promise<never>;
  kill: (e: EngineDied) => void;
  stopWatching: () => void;
  dead: EngineDied | null;
}

/** How long the user's calls must have been quiet before a background query starts (a click's queries and redraw). */
const QUIET_MS = 50;

class EngineClient {
  private life: Life | null = null;
  /** Whether the current worker holds files or tables (a fresh one can be used as it is). */
  private used = false;
  /** Calls the user waits for, under way; and when the last one was made or answered (performance.now()). */
  private waitedFor = 0;
  private lastWaitedFor = 0;
  /** Resolves with DuckDB's version and threads once the current worker's engine is up. */
  started: Promise<EngineInfo> | null = null;
  private cancelCurrent: (() => void) | null = null;
  /** Told once per dead worker (the dataset store shows it and offers to reload). */
  onDeath: ((e: EngineDied) => void) | null = null;

  /** Why the current worker died, or null while it is alive (or none was started). */
  get death(): EngineDied | null {
    return this.life?.dead ?? null;
  }

  /** Start (or keep) a worker; safe to call early to warm DuckDB up. A dead one stays dead until `restart()`. */
  get(): EngineRemote {
    this.life ??= this.spawn();
    return this.life.remote;
  }

  private spawn(): Life {
    const worker = new EngineWorker();
    const remote = Comlink.wrap<EngineApi>(worker);
    let kill: (e: EngineDied) => void = () => undefined;
    const death = new Promise<never>((_, reject) => (kill = reject));
    death.catch(() => undefined);
    const life: Life = { worker, remote, death, kill, stopWatching: () => undefined, dead: null };
    // An uncaught error in the engine worker or in DuckDB's worker inside it (errors there
    // propagate here): a call in flight will never be answered.
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.die(life, new EngineDied('crashed', e.message ?? ''));
    });
    life.stopWatching = watchLiveness(
      () => remote.ping(),
      () => this.die(life, new EngineDied('crashed', 'no answer'))
    );
    this.started = this.guard(life, remote.start());
    this.started.catch(() => undefined);
    return life;
  }

  private die(life: Life, e: EngineDied): void {
    if (life.dead || this.life !== life) return;
    life.dead = e;
    life.stopWatching();
    life.kill(e);
    // What is left of it (a worker that merely hangs) holds memory: let it go.
    life.remote[Comlink.releaseProxy]();
    life.worker.terminate();
    this.cancelCurrent = null;
    this.onDeath?.(e);
  }

  /** `call`, rejected with EngineDied if the worker dies first (or turns out to be finished by it). */
  private guard<T>(life: Life, call: Promise<T>): Promise<T> {
    if (life.dead) return Promise.reject(life.dead);
    return Promise.race([call, life.death]).catch((e: unknown) => {
      if (e instanceof EngineDied) throw e;
      const fatal = isFatalEngineError(errorMessage(e));
      if (!fatal) throw e;
      const died = new EngineDied(fatal, errorMessage(e));
      this.die(life, died);
      throw life.dead ?? died;
    });
  }

  /** Run `work` on the current worker, guarded (see `guard`); `background`: not a call the user waits for. */
  private call<T>(work: (engine: EngineRemote) => Promise<T>, background = false): Promise<T> {
    const remote = this.get();
    const life = this.life!;
    if (life.dead) return Promise.reject(life.dead);
    if (background) return this.guard(life, work(remote));
    this.waitedFor++;
    this.lastWaitedFor = performance.now();
    return this.guard(life, work(remote)).finally(() => {
      this.waitedFor--;
      this.lastWaitedFor = performance.now();
    });
  }

  /** Until no call the user waits for has been under way for QUIET_MS. */
  private async quiet(): Promise<void> {
    for (;;) {
      const wait = this.waitedFor > 0 ? QUIET_MS : this.lastWaitedFor + QUIET_MS - performance.now();
      if (wait <= 0) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /**
   * A worker with no data in it, for a new dataset: the warmed-up one when it is still unused
   * (DuckDB takes a second or two to start), else a new one.
   */
  fresh(): EngineRemote {
    return this.used || this.death ? this.restart() : this.get();
  }

  /** Throw the current worker away (its data with it) and start a new one. */
  restart(): EngineRemote {
    this.used = false;
    this.cancelCurrent?.();
    const old = this.life;
    this.life = null;
    if (old) {
      old.stopWatching();
      if (!old.dead) {
        old.remote[Comlink.releaseProxy]();
        old.worker.terminate();
      }
    }
    return this.get();
  }

  /**
   * Run a long step that the user can cancel: cancelling terminates the worker, which is the
   * only way to stop DuckDB mid-statement, and rejects with EngineCancelled.
   */
  async cancellable<T>(work: (engine: EngineRemote) => Promise<T>): Promise<T> {
    this.get();
    this.used = true;
    return new Promise<T>((resolve, reject) => {
      this.cancelCurrent = () => reject(new EngineCancelled());
      this.call(work)
        .then(resolve, reject)
        .finally(() => (this.cancelCurrent = null));
    });
  }

  cancel(): void {
    if (this.cancelCurrent) this.restart();
  }

  query(sql: string): Promise<Columns> {
    return this.call((e) => e.query(sql));
  }

  /**
   * A query for work done ahead of time: it starts once the user's calls have been quiet a
   * moment, and the user's queries get in between its slices (see api.ts).
   */
  async queryIdle(sql: string): Promise<Columns> {
    await this.quiet();
    return this.call((e) => e.queryIdle(sql), true);
  }

  /** Warm the current worker up while nothing else needs it (see warm-up.ts); true if it finished. */
  warmUp(): Promise<boolean> {
    return this.call((e) => e.warmUp());
  }

  /** Predicted CLV, fitted in the worker (see analyses/clv/run.ts). */
  clv(request: ClvRequest): Promise<ClvResult | null> {
    return this.call((e) => e.clv(request));
  }

  /** The programme's effect, measured in the worker (see analyses/programme/run.ts). */
  programme(filters: Filters): Promise<ProgrammeResult | null> {
    return this.call((e) => e.programme(filters));
  }

  /** Word statistics of survey comments, counted in the worker (see analyses/nps/words-read.ts). */
  commentWords(sql: string, options?: CommentWordsOptions): Promise<CommentWordsResult> {
    return this.call((e) => e.commentWords(sql, options));
  }

  /**
   * For end-to-end tests only: kill the worker the way the browser does (no event, no answer),
   * so that the tests see what a user sees. Installed only in a browser driven by automation
   * (`navigator.webdriver`); it does nothing a crash would not do.
   */
  killForTest(): void {
    this.life?.worker.terminate();
  }
}

export const engine = new EngineClient();

/** The engine as a runner of background queries: for analyses run ahead of time (see analyses/cache.ts). */
export const idleEngine: QueryRunner = { query: (sql) => engine.queryIdle(sql), ahead: true };

/**
 * The hook end-to-end tests drive the engine by, in a browser driven by automation only: `kill`
 * (see `killForTest`) and `query`, a statement on the current worker (to take a table away, say,
 * and see what a page says when DuckDB then refuses its queries).
 */
export interface EngineTestHook {
  kill(): void;
  query(sql: string): Promise<Columns>;
}

if (typeof navigator !== 'undefined' && navigator.webdriver && typeof window !== 'undefined') {
  const hook: EngineTestHook = { kill: () => engine.killForTest(), query: (sql) => engine.query(sql) };
  (window as unknown as { __kizunaEngine?: EngineTestHook }).__kizunaEngine = hook;
}

export function progressProxy(fn: (p: Progress) => void) {
  return Comlink.proxy(fn);
}
