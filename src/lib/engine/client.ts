/**
 * The page's handle on the engine worker. One worker per dataset: WASM memory never shrinks,
 * so a new dataset (or a cancelled load) gets a fresh worker instead of dropping tables.
 */
import * as Comlink from 'comlink';
import EngineWorker from './worker?worker';
import type { EngineApi } from './api';
import type { Columns, Progress } from './types';
import type { ClvRequest, ClvResult } from '../analyses/clv/types';
import type { CommentWordsOptions, CommentWordsResult } from '../analyses/nps/words';
import type { ProgrammeResult } from '../analyses/programme/types';
import type { Filters } from '../analyses/filters';

export type EngineRemote = Comlink.Remote<EngineApi>;

export class EngineCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** A readable message from whatever the worker threw (Comlink forwards Error name and message). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

class EngineClient {
  private worker: Worker | null = null;
  /** Whether the current worker holds files or tables (a fresh one can be used as it is). */
  private used = false;
  /** Resolves with DuckDB's version once the current worker's engine is up. */
  started: Promise<string> | null = null;
  private remote: EngineRemote | null = null;
  private cancelCurrent: (() => void) | null = null;

  /** Start (or keep) a worker; safe to call early to warm DuckDB up. */
  get(): EngineRemote {
    if (!this.remote) {
      this.worker = new EngineWorker();
      this.remote = Comlink.wrap<EngineApi>(this.worker);
      this.started = this.remote.start();
      this.started.catch(() => undefined);
    }
    return this.remote;
  }

  /**
   * A worker with no data in it, for a new dataset: the warmed-up one when it is still unused
   * (DuckDB takes a second or two to start), else a new one.
   */
  fresh(): EngineRemote {
    return this.used ? this.restart() : this.get();
  }

  /** Throw the current worker away (its data with it) and start a new one. */
  restart(): EngineRemote {
    this.used = false;
    this.cancelCurrent?.();
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
    return this.get();
  }

  /**
   * Run a long step that the user can cancel: cancelling terminates the worker, which is the
   * only way to stop DuckDB mid-statement, and rejects with EngineCancelled.
   */
  async cancellable<T>(work: (engine: EngineRemote) => Promise<T>): Promise<T> {
    const engine = this.get();
    this.used = true;
    return new Promise<T>((resolve, reject) => {
      this.cancelCurrent = () => reject(new EngineCancelled());
      work(engine).then(resolve, reject).finally(() => (this.cancelCurrent = null));
    });
  }

  cancel(): void {
    if (this.cancelCurrent) this.restart();
  }

  query(sql: string): Promise<Columns> {
    return this.get().query(sql);
  }

  /** Predicted CLV, fitted in the worker (see analyses/clv/run.ts). */
  clv(request: ClvRequest): Promise<ClvResult | null> {
    return this.get().clv(request);
  }

  /** The programme's effect, measured in the worker (see analyses/programme/run.ts). */
  programme(filters: Filters): Promise<ProgrammeResult | null> {
    return this.get().programme(filters);
  }

  /** Word statistics of survey comments, counted in the worker (see analyses/nps/words-read.ts). */
  commentWords(sql: string, options?: CommentWordsOptions): Promise<CommentWordsResult> {
    return this.get().commentWords(sql, options);
  }
}

export const engine = new EngineClient();

export function progressProxy(fn: (p: Progress) => void) {
  return Comlink.proxy(fn);
}
