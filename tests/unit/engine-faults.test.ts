/**
 * The engine's fault handling, without a browser: a worker that stops answering is found dead
 * (and one that answers, however slowly within the limit, is not); the errors that leave DuckDB's
 * WebAssembly unusable are told from ordinary ones; and a load is checked against the tab's
 * memory before it starts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isFatalEngineError, watchLiveness } from '../../src/lib/engine/liveness';
import { checkFit, ENGINE_BASE, estimateNeed, GIB, LOAD_FACTOR, memoryBudget, MIB, WASM32_CEILING } from '../../src/lib/state/memory-budget';
import { formatters } from '../../src/lib/i18n/format';
import { translate } from '../../src/lib/i18n/index.svelte';

describe('liveness', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('declares a worker that never answers dead once, after the limit and not before', async () => {
    const onDead = vi.fn();
    const ping = vi.fn(() => new Promise<never>(() => undefined));
    watchLiveness(ping, onDead, { every: 1000, within: 10_000, now: () => Date.now() });
    await vi.advanceTimersByTimeAsync(9_000);
    expect(onDead).not.toHaveBeenCalled();
    // One question at a time: an unanswered one is not asked again.
    expect(ping).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(onDead).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('keeps a worker that answers (even late, within the limit, or with an error) alive, and asks again', async () => {
    const onDead = vi.fn();
    let n = 0;
    const ping = vi.fn(
      () =>
        new Promise<boolean>((resolve, reject) => {
          n++;
          if (n % 3 === 0) reject(new Error('refused'));
          else setTimeout(() => resolve(true), 8_000);
        })
    );
    watchLiveness(ping, onDead, { every: 1000, within: 10_000, now: () => Date.now() });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(onDead).not.toHaveBeenCalled();
    expect(ping.mock.calls.length).toBeGreaterThan(10);
  });

  it('stops asking once stopped', async () => {
    const onDead = vi.fn();
    const ping = vi.fn(() => new Promise<never>(() => undefined));
    const stop = watchLiveness(ping, onDead, { every: 1000, within: 5_000, now: () => Date.now() });
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onDead).not.toHaveBeenCalled();
  });
});

describe('fatal engine errors', () => {
  it.each([
    ['Out of Memory Error: failed to allocate data of size 256.0 MiB (3.9 GiB/4.0 GiB used)', 'memory'],
    ['RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded', 'memory'],
    ['RangeError: Array buffer allocation failed', 'memory'],
    ['RuntimeError: unreachable', 'crashed'],
    ['RuntimeError: memory access out of bounds', 'crashed'],
    ['Aborted(). Build with -sASSERTIONS for more info.', 'crashed']
  ])('%s → %s', (message, kind) => {
    expect(isFatalEngineError(message)).toBe(kind);
  });

  it.each([
    'Catalog Error: Table with name orders does not exist!',
    'Conversion Error: Could not convert string "abc" to INT32',
    'Parser Error: syntax error at or near "FROM"',
    'cancelled'
  ])('%s is an ordinary error', (message) => {
    expect(isFatalEngineError(message)).toBeNull();
  });
});

describe('memory budget', () => {
  it('is the 32-bit WebAssembly ceiling when the browser tells nothing', () => {
    expect(memoryBudget({})).toEqual({ bytes: WASM32_CEILING, basis: 'wasm' });
    // Chrome's usual heap limit on a 64-bit desktop, just under 4 GiB, says nothing more.
    expect(memoryBudget({ deviceMemoryGib: 8, jsHeapLimit: 4_294_705_152 })).toEqual({ bytes: WASM32_CEILING, basis: 'wasm' });
  });

  it('is half the device memory on a small device, and a low heap limit when lower still', () => {
    expect(memoryBudget({ deviceMemoryGib: 2 })).toEqual({ bytes: GIB, basis: 'device' });
    expect(memoryBudget({ deviceMemoryGib: 4, jsHeapLimit: 1.5 * GIB })).toEqual({ bytes: 1.5 * GIB, basis: 'heap' });
    expect(memoryBudget({ deviceMemoryGib: 0.5, jsHeapLimit: 1.5 * GIB })).toEqual({ bytes: 0.25 * GIB, basis: 'device' });
  });

  it('needs the engine and a multiple of the files', () => {
    expect(estimateNeed([])).toBe(ENGINE_BASE);
    expect(estimateNeed([100 * MIB, 28 * MIB])).toBe(ENGINE_BASE + LOAD_FACTOR * 128 * MIB);
  });

  it('lets a usual export through, says when it is tight, and refuses what cannot fit', () => {
    expect(checkFit([50 * MIB], {}).verdict).toBe('fits');
    // 4 × 600 MiB + 256 MiB = 2.6 GiB of a 4 GiB budget: more than 60 %.
    expect(checkFit([600 * MIB], {}).verdict).toBe('tight');
    const big = checkFit([1.2 * GIB], {});
    expect(big.verdict).toBe('too-big');
    expect(big.fileBytes).toBe(1.2 * GIB);
    expect(big.need).toBeGreaterThan(WASM32_CEILING);
    // The same file that fits a desktop is too big for a 1 GiB phone.
    expect(checkFit([100 * MIB], { deviceMemoryGib: 1 }).verdict).toBe('too-big');
  });

  it('says what will not fit, in both languages, naming the command-line tool', () => {
    const fmt = formatters('en');
    const fit = checkFit([1.2 * GIB], {});
    const values = { files: 'orders.csv', size: fmt.bytes(fit.fileBytes), need: fmt.bytes(fit.need), budget: fmt.bytes(fit.budget.bytes), basis: translate('en', `memory.basis.${fit.budget.basis}`) };
    expect(translate('en', 'memory.tooBig', values)).toBe(
      'orders.csv (1.2 GB) would need about 5.1 GB of memory to load, and this tab can use about 4.0 GB (the limit of the 32-bit WebAssembly browsers run). They were not loaded, so that the tab does not stop.'
    );
    expect(translate('ja', 'memory.tooBig', { ...values, basis: translate('ja', 'memory.basis.wasm') })).toContain('このタブで使えるのは約 4.0 GB までです(ブラウザで動く32ビット WebAssembly の上限)');
    expect(translate('en', 'memory.cli')).toContain('npx kizuna');
    expect(translate('ja', 'memory.cli')).toContain('npx kizuna');
  });
});

describe('byte sizes', () => {
  it('reads like a file manager, in either locale', () => {
    const en = formatters('en');
    expect(en.bytes(0)).toBe('0 B');
    expect(en.bytes(1023)).toBe('1,023 B');
    expect(en.bytes(1536)).toBe('1.5 KB');
    expect(en.bytes(34 * MIB)).toBe('34 MB');
    expect(en.bytes(1.25 * GIB)).toBe('1.3 GB');
    expect(formatters('ja').bytes(12.5 * MIB)).toBe('13 MB');
  });
});
