import { afterEach, describe, expect, it, vi } from 'vitest';
import { cancelPaint, paintLater } from '../../src/lib/charts/paint';

/** Let every timer (and stubbed animation frame) run, one macrotask at a time. */
const drain = () => new Promise((r) => setTimeout(r, 30));

describe('chart paint queue', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('draws each chart in a task of its own, in the order queued, never synchronously', async () => {
    const log: string[] = [];
    const [a, b] = [{}, {}];
    paintLater(a, () => log.push('a'));
    paintLater(b, () => log.push('b'));
    expect(log).toEqual([]);
    // One draw per task: a microtask later nothing has run; after one timer, only the first.
    await Promise.resolve();
    expect(log).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['a']);
    await drain();
    expect(log).toEqual(['a', 'b']);
  });

  it('draws only the latest option of a chart queued twice, and nothing for a cancelled one', async () => {
    const log: string[] = [];
    const [a, b] = [{}, {}];
    paintLater(a, () => log.push('a1'));
    paintLater(b, () => log.push('b'));
    paintLater(a, () => log.push('a2'));
    cancelPaint(b);
    await drain();
    expect(log).toEqual(['a2']);
  });

  it('waits for a frame after a slow draw, and keeps going after a draw that throws', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
    const log: string[] = [];
    paintLater({}, () => {
      const until = performance.now() + 40;
      while (performance.now() < until);
      log.push('slow');
    });
    paintLater({}, () => log.push('next'));
    await drain();
    expect(log).toEqual(['slow']);
    expect(frames).toHaveLength(1);
    frames[0](performance.now());
    await drain();
    expect(log).toEqual(['slow', 'next']);

    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      paintLater({}, () => { throw new Error('broken option'); });
      paintLater({}, () => log.push('after'));
      await drain();
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(log.at(-1)).toBe('after');
    expect(errors).toHaveLength(1);
  });
});
