/**
 * Why an analysis, a list or a report failed, in words the user can act on. The engine's own
 * text (DuckDB's `Catalog Error: Table with name … does not exist!`, a WebAssembly trap, a
 * JavaScript TypeError) is English for developers: it never reaches the screen as it is. A
 * failure is sorted into one of a few kinds, each worded in the user's language with what to
 * do; the original text is kept for a collapsed "technical details" disclosure (FailureText).
 * (Import failures have their own, file-specific words: see ingest/errors.ts.)
 */
import type { MessageKey } from '../i18n/messages/ja';

export const FAILURE_KINDS = [
  /** The engine worker stopped (EngineDied): the banner at the top offers to reload the data. */
  'engine_stopped',
  /** The tab ran out of memory for the work. */
  'memory',
  /** The engine did not answer or is not running (worker, WebAssembly). */
  'engine',
  /** A table the work reads is not there (the data is gone from this engine). */
  'data_gone',
  /** The work was interrupted or cancelled before it ended. */
  'interrupted',
  /** Anything else: a fault of ours, reported with the details. */
  'internal'
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface Failure {
  kind: FailureKind;
  /** The original text, for the details disclosure only. */
  raw: string;
}

/** What failed: it starts the sentence (the kind's words say why and what to do). */
export type FailureContext = 'analysis' | 'list' | 'report' | 'download';

const KINDS: [RegExp, FailureKind][] = [
  [/out of memory|could not allocate|allocation fail|memory access out of bounds|Array buffer allocation/i, 'memory'],
  [/INTERRUPT|interrupted|cancel?led|AbortError/i, 'interrupted'],
  [/Catalog Error.*(does not exist|not found)|Table with name|View with name|No files found|Cannot open file|NotFoundError|NotReadableError/i, 'data_gone'],
  [/worker|wasm|WebAssembly|instantiate|engine not started|terminated|unreachable/i, 'engine']
];

/**
 * Sort whatever was thrown (Comlink forwards an Error's name and message) into a kind; a failure
 * passed on from another analysis stays what it is.
 */
export function failureOf(e: unknown): Failure {
  if (isFailure(e)) return e;
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  if (e instanceof Error && e.name === 'EngineDied') return { kind: 'engine_stopped', raw };
  return { kind: KINDS.find(([re]) => re.test(raw))?.[1] ?? 'internal', raw };
}

function isFailure(e: unknown): e is Failure {
  return typeof e === 'object' && e !== null && !(e instanceof Error) && (FAILURE_KINDS as readonly unknown[]).includes((e as Failure).kind) && typeof (e as Failure).raw === 'string';
}

const CONTEXT_KEYS: Record<FailureContext, MessageKey> = {
  analysis: 'failure.analysis',
  list: 'failure.list',
  report: 'failure.report',
  download: 'failure.download'
};

const KIND_KEYS: Record<FailureKind, MessageKey> = {
  engine_stopped: 'engine.died.card',
  memory: 'failure.memory',
  engine: 'failure.engine',
  data_gone: 'failure.data_gone',
  interrupted: 'failure.interrupted',
  internal: 'failure.internal'
};

/**
 * The worded message, through `t` (the page's or `translate` bound to a locale). A stopped
 * engine is said as the banner at the top says it, without "could not…" before it.
 */
export function failureText(f: Failure, context: FailureContext, t: (key: MessageKey, values?: Record<string, string>) => string): string {
  const why = t(KIND_KEYS[f.kind]);
  return f.kind === 'engine_stopped' ? why : t('failure.message', { what: t(CONTEXT_KEYS[context]), why });
}
