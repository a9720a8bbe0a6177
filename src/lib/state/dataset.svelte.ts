/**
 * The dataset the user is working on, and the import flow around it:
 * files dropped → inspected (format, mapping proposal) → confirmed → loaded → ready.
 */
import { engine, EngineCancelled, EngineDied, errorMessage, progressProxy, type EngineDeath } from '../engine/client';
import type { Progress } from '../engine/types';
import type { LoadReport } from '../ingest/load';
import { planProblems } from '../ingest/prepare';
import type { FileInspection, FilePlan } from '../ingest/types';
import { recallMapping, rememberMapping } from './mapping-memory';
import { DEFAULT_CURRENCY, datasetCurrency, type Currency } from '../ingest/currency';
import { i18n } from '../i18n/index.svelte';
import { readableError, type ReadableError } from '../ingest/errors';
import { clearSavedDataset, loadSavedDataset, saveDataset, type SavedDataset } from './persist';
import { checkFit, readTabLimits, type FitCheck } from './memory-budget';

export type DatasetStatus = 'empty' | 'restoring' | 'busy' | 'mapping' | 'ready';

export interface DatasetMeta {
  files: string[];
  rows: number;
  firstDate: string | null;
  lastDate: string | null;
  channels: string[];
  hasMembers: boolean;
  isDemo: boolean;
  /** What the amounts are in (ISO 4217). */
  currency: Currency;
}

/** The engine worker died: why, and whether a load or the analyses were running. */
export interface EngineFault {
  reason: EngineDeath;
  during: 'load' | 'analysis';
}

/** Files that would not fit in this tab, or only just (see memory-budget.ts). */
export interface MemoryWarning extends FitCheck {
  files: string[];
}

export interface FileChoice {
  inspection: FileInspection;
  plan: FilePlan | null;
  include: boolean;
  remembered: boolean;
}

class DatasetStore {
  status = $state<DatasetStatus>('empty');
  engineReady = $state<boolean | 'failed'>(false);
  engineError = $state<ReadableError | null>(null);
  /** The engine has run a generated file through the import and overview, so a first file runs fast (engine/warm-up.ts). */
  engineWarm = $state(false);
  /** The threads DuckDB runs queries on (more than 1 where the page is cross-origin isolated). */
  engineThreads = $state(1);
  progress = $state<Progress | null>(null);
  choices = $state<FileChoice[]>([]);
  report = $state<LoadReport | null>(null);
  meta = $state<DatasetMeta | null>(null);
  /** A message for the import page (cancelled, failed), already user-readable. */
  notice = $state<
    | { kind: 'info'; key: 'import.cancelled' }
    /** A failure, sorted for words (never the engine's own text as the message), and the file it concerns. */
    | { kind: 'error'; key: 'import.failed'; error: ReadableError; file?: string }
    | null
  >(null);
  /** Bumped after every load so analyses re-run. */
  version = $state(0);
  /** The engine worker died; the page says so and offers `recover()`. */
  fault = $state<EngineFault | null>(null);
  /** `recover()` is reloading the data into a fresh worker. */
  recovering = $state(false);
  /** The last files dropped would not fit in this tab (refused), or only just (loading anyway). */
  memory = $state<MemoryWarning | null>(null);
  private files: File[] = [];
  private restored = false;
  /** What is loaded or being loaded, to load again into a fresh worker after a crash. */
  private held: SavedDataset | null = null;
  /**
   * Which request owns the store: every new dataset (files dropped, the demo, clearing, the
   * reopen after a reload) takes the next number, and a step that finds a newer one when it
   * resumes leaves the store alone. The reopen reads the device's copy and re-loads it in
   * several awaits, and a file dropped meanwhile must win over it, not be overwritten by it.
   */
  private generation = 0;
  /** True while the reopen after a reload (or after a crash) is under way (its worker is cancelled by a new drop). */
  reopening = $state(false);

  constructor() {
    engine.onDeath = (e) => {
      this.fault = {
        reason: e.reason,
        during: this.status === 'busy' || this.status === 'restoring' || this.recovering ? 'load' : 'analysis'
      };
    };
  }

  /** Start DuckDB while the user is still looking at the import page. */
  warm(): Promise<void> {
    this.engineWarm = false;
    engine.get();
    return engine.started!
      .then((info) => {
        this.engineReady = true;
        this.engineThreads = info.threads;
        // Only on a worker that is waiting for files: a reopen or a drop would stop it at once anyway.
        if (this.status === 'empty') void engine.warmUp().then((ok) => (this.engineWarm = ok), () => undefined);
      })
      .catch((e) => {
        this.engineReady = 'failed';
        this.engineError = { ...readableError(e), code: 'engine' };
      });
  }

  private onProgress = progressProxy((p) => (this.progress = p));

  /** A new request: it owns the store until the next one. */
  private begin(): number {
    return ++this.generation;
  }

  private owns(gen: number): boolean {
    return gen === this.generation;
  }

  /**
   * A worker for a new request. A reopen in progress is stopped with its worker (its steps then
   * find they are superseded); otherwise the warmed-up worker is used when it holds nothing.
   */
  private freshEngine(): void {
    if (this.reopening) {
      this.reopening = false;
      engine.restart();
    } else engine.fresh();
  }

  /** Run a step of request `gen`; on failure or cancel, say why (unless a newer request owns the store). */
  private async run<T>(gen: number, work: () => Promise<T>): Promise<T | undefined> {
    this.notice = null;
    this.status = 'busy';
    try {
      const out = await work();
      return this.owns(gen) ? out : undefined;
    } catch (e) {
      if (!this.owns(gen)) return undefined;
      // The worker died: its files and tables are gone (the banner offers to load them again).
      if (e instanceof EngineDied) {
        this.choices = [];
        this.status = this.meta ? 'ready' : 'empty';
        return undefined;
      }
      const cancelled = e instanceof EngineCancelled;
      // The file the step was at when it failed (progress names it), so the message can name it.
      const file = this.progress?.file;
      this.notice = cancelled
        ? { kind: 'info', key: 'import.cancelled' }
        : { kind: 'error', key: 'import.failed', error: readableError(errorMessage(e)), ...(file ? { file } : {}) };
      // A cancelled worker is gone with the files registered in it; after a failure the
      // mapping stays on screen to be corrected and loaded again.
      if (cancelled) {
        this.choices = [];
        this.warm();
      }
      this.status = this.choices.length > 0 ? 'mapping' : 'empty';
      return undefined;
    } finally {
      if (this.owns(gen)) this.progress = null;
    }
  }

  /**
   * New files: a fresh engine, inspection, then the mapping screen. Files that would not fit in
   * this tab are refused with a message (`memory`) unless `anyway`.
   */
  async open(files: File[], anyway = false): Promise<void> {
    if (files.length === 0) return;
    const fit = checkFit(
      files.map((f) => f.size),
      readTabLimits()
    );
    this.memory = fit.verdict === 'fits' ? null : { ...fit, files: files.map((f) => f.name) };
    if (fit.verdict === 'too-big' && !anyway) {
      this.files = files;
      return;
    }
    const gen = this.begin();
    this.freshEngine();
    this.reset();
    this.held = null;
    this.files = files;
    const inspections = await this.run(gen, () => engine.cancellable((e) => e.inspect(files, this.onProgress)));
    if (!inspections) return;
    this.choices = inspections.map((inspection) => {
      const recalled = inspection.plan ? recallMapping(inspection.plan) : null;
      return { inspection, plan: recalled ?? inspection.plan ?? null, include: !!inspection.plan, remembered: !!recalled };
    });
    this.status = 'mapping';
  }

  /** Load the files refused as too large all the same (the user was told). */
  openAnyway(): Promise<void> {
    return this.open(this.files, true);
  }

  /** Plans the user confirmed (included, complete). */
  loadablePlans(): FilePlan[] {
    return this.choices.filter((c) => c.include && c.plan && planProblems(c.plan).length === 0).map((c) => c.plan!);
  }

  async confirm(): Promise<boolean> {
    const plans = $state.snapshot(this.loadablePlans()) as FilePlan[];
    if (plans.length === 0) return false;
    for (const p of plans) rememberMapping(p);
    const files = plans.map((p) => this.files[Number(p.path.match(/\d+/)![0])]);
    // Saved for restoring: there the files are registered afresh, in this order.
    const saved = plans.map((p, i) => ({ ...p, path: `file${i}.csv` }));
    return this.finish(this.begin(), plans, { kind: 'files', files, plans: saved });
  }

  async demo(): Promise<boolean> {
    const gen = this.begin();
    this.freshEngine();
    return this.openDemo(gen);
  }

  private async openDemo(gen: number): Promise<boolean> {
    this.reset();
    this.held = { kind: 'demo' };
    this.progress = { stage: 'start' };
    const plans = await this.run(gen, () =>
      engine.cancellable(async (e) => {
        const files = await e.demoFiles();
        const inspections = await e.inspect(files, this.onProgress);
        return inspections.map((i) => i.plan!);
      })
    );
    if (!plans) return false;
    return this.finish(gen, plans, { kind: 'demo' }, true);
  }

  private async finish(gen: number, plans: FilePlan[], saved: SavedDataset, isDemo = false): Promise<boolean> {
    this.held = saved;
    const report = await this.run(gen, () => engine.cancellable((e) => e.load(plans, this.onProgress)));
    if (!report) return false;
    this.report = report;
    this.meta = {
      files: plans.map((p) => p.fileName),
      rows: report.files.reduce((s, f) => s + f.loaded, 0),
      firstDate: report.span.first,
      lastDate: report.span.last,
      channels: report.span.channels,
      hasMembers: (report.customers?.members ?? null) !== null,
      isDemo,
      currency: datasetCurrency(plans)
    };
    i18n.currency = this.meta.currency;
    this.memory = null;
    this.status = 'ready';
    this.version++;
    void saveDataset(saved).catch(() => undefined);
    return true;
  }

  /** Re-open what was loaded before the page was reloaded (or opened from a link). */
  async restore(): Promise<void> {
    if (this.restored || this.status !== 'empty') return;
    this.restored = true;
    const gen = this.begin();
    const saved = await loadSavedDataset();
    // Files dropped (or the demo chosen) while the device was read: they win.
    if (!saved || !this.owns(gen)) return;
    await this.reopen(gen, saved);
  }

  /** Load a dataset as it was saved, as request `gen` (a new drop meanwhile stops it). */
  private async reopen(gen: number, saved: SavedDataset): Promise<boolean> {
    this.status = 'restoring';
    this.reopening = true;
    try {
      if (saved.kind === 'demo') return await this.openDemo(gen);
      this.files = saved.files;
      const inspections = await this.run(gen, () => engine.cancellable((e) => e.inspect(saved.files, this.onProgress)));
      if (!inspections) return false;
      // The saved plans refer to the files by position; paths are re-created the same way.
      return await this.finish(gen, saved.plans, saved);
    } finally {
      if (this.owns(gen)) this.reopening = false;
    }
  }

  /**
   * After the worker died: a fresh worker, and the data it held loaded again — what was loaded
   * (or being loaded), else the copy kept on this device. The page's address (its settings and
   * filters) is left as it is, so every page shows the same view once the data is back.
   */
  async recover(): Promise<boolean> {
    if (this.recovering) return false;
    this.recovering = true;
    try {
      // Died while the mapping was on screen: the files are read again, back to the same screen.
      if (this.status === 'mapping' && this.files.length > 0) {
        this.fault = null;
        engine.restart();
        void this.warm();
        await this.open(this.files, true);
        return false;
      }
      const gen = this.begin();
      const source = this.held ?? (await loadSavedDataset());
      if (!this.owns(gen)) return false;
      this.fault = null;
      engine.restart();
      void this.warm();
      if (!source) {
        this.reset();
        this.status = 'empty';
        return false;
      }
      return await this.reopen(gen, source);
    } finally {
      this.recovering = false;
    }
  }

  cancel(): void {
    engine.cancel();
  }

  async clear(): Promise<void> {
    this.begin();
    this.reopening = false;
    engine.restart();
    this.reset();
    this.held = null;
    this.memory = null;
    this.status = 'empty';
    await clearSavedDataset();
    this.warm();
  }

  private reset(): void {
    this.choices = [];
    this.report = null;
    this.meta = null;
    i18n.currency = DEFAULT_CURRENCY;
    this.notice = null;
    // A fresh worker is on its way: whatever the last one died of is behind us.
    this.fault = null;
  }
}

export const dataset = new DatasetStore();
