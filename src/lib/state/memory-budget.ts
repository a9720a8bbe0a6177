/**
 * Will these files fit in this tab? Asked before a load, so that a file too large for the
 * browser gets a sentence instead of a dead tab.
 *
 * What a load needs: DuckDB's own start (its WebAssembly, buffers) plus a multiple of the files'
 * size. The importer reads each file into a typed staging table and then the canonical tables
 * (orders, order facts, customers), and a file that had to be decoded (Shift_JIS, UTF-16,
 * Excel) is first held whole as UTF-8; DuckDB keeps in-memory tables uncompressed. So the peak
 * is a few times the text: `LOAD_FACTOR` times, a deliberately cautious figure.
 *
 * What the tab can have: at most 4 GiB, the ceiling of 32-bit WebAssembly (the build the
 * browsers run), and less where the browser says so: `navigator.deviceMemory` (the device's
 * memory in GiB, rounded and capped by the browser; a tab gets at most half of it here) and
 * Chrome's `performance.memory.jsHeapSizeLimit` (the tab's script heap, which the decoded text
 * passes through).
 */

export const GIB = 2 ** 30;
export const MIB = 2 ** 20;
/** The most memory a 32-bit WebAssembly instance can address. */
export const WASM32_CEILING = 4 * GIB;
/** DuckDB's start: its WebAssembly, buffers and the analyses' working space, with nothing loaded. */
export const ENGINE_BASE = 256 * MIB;
/** Peak memory of a load per byte of file. */
export const LOAD_FACTOR = 4;
/** Above this share of the budget a load may still work, but it is said to be tight. */
export const TIGHT_SHARE = 0.6;

export interface TabLimits {
  /** `navigator.deviceMemory`, in GiB, where the browser tells it. */
  deviceMemoryGib?: number;
  /** `performance.memory.jsHeapSizeLimit`, in bytes (Chrome). */
  jsHeapLimit?: number;
}

/** What the browser says about this tab's memory (nothing, where it says nothing). */
export function readTabLimits(): TabLimits {
  const out: TabLimits = {};
  if (typeof navigator !== 'undefined') {
    const dm = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
    if (typeof dm === 'number' && dm > 0) out.deviceMemoryGib = dm;
  }
  if (typeof performance !== 'undefined') {
    const heap = (performance as Performance & { memory?: { jsHeapSizeLimit?: number } }).memory?.jsHeapSizeLimit;
    if (typeof heap === 'number' && heap > 0) out.jsHeapLimit = heap;
  }
  return out;
}

/** Which limit set the budget. */
export type BudgetBasis = 'wasm' | 'device' | 'heap';

export interface MemoryBudget {
  bytes: number;
  basis: BudgetBasis;
}

/** The memory a load in this tab can count on. */
export function memoryBudget(limits: TabLimits): MemoryBudget {
  let budget: MemoryBudget = { bytes: WASM32_CEILING, basis: 'wasm' };
  if (limits.deviceMemoryGib !== undefined && (limits.deviceMemoryGib * GIB) / 2 < budget.bytes) {
    budget = { bytes: (limits.deviceMemoryGib * GIB) / 2, basis: 'device' };
  }
  // Chrome's usual heap limit on a 64-bit desktop is just under 4 GiB: only a clearly lower one says more.
  if (limits.jsHeapLimit !== undefined && limits.jsHeapLimit < 0.9 * budget.bytes) budget = { bytes: limits.jsHeapLimit, basis: 'heap' };
  return budget;
}

/** The peak memory a load of files of these sizes (bytes) is expected to need. */
export function estimateNeed(sizes: readonly number[]): number {
  return ENGINE_BASE + LOAD_FACTOR * sizes.reduce((s, n) => s + n, 0);
}

export type FitVerdict = 'fits' | 'tight' | 'too-big';

export interface FitCheck {
  verdict: FitVerdict;
  /** The files' total size, in bytes. */
  fileBytes: number;
  need: number;
  budget: MemoryBudget;
}

export function checkFit(sizes: readonly number[], limits: TabLimits): FitCheck {
  const budget = memoryBudget(limits);
  const need = estimateNeed(sizes);
  const fileBytes = sizes.reduce((s, n) => s + n, 0);
  const verdict: FitVerdict = need > budget.bytes ? 'too-big' : need > TIGHT_SHARE * budget.bytes ? 'tight' : 'fits';
  return { verdict, fileBytes, need, budget };
}
