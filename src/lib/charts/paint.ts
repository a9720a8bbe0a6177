/**
 * Charts draw one per task. A page whose analyses arrive together would otherwise lay out
 * and paint all its charts in one task (ECharts' setOption is tens of milliseconds for a
 * big chart), and the page would freeze for the sum of them. Queued here, the browser
 * can handle input between two charts, and after a slow one it draws a frame before the
 * next. A chart queued again before its turn draws only its latest option.
 */
const queue = new Map<object, () => void>();
let pending = false;
/** A draw longer than this is followed by a frame before the next draw. */
const SLOW_MS = 25;

function next(): void {
  const first = queue.entries().next();
  if (first.done) {
    pending = false;
    return;
  }
  const [key, draw] = first.value;
  queue.delete(key);
  const start = performance.now();
  try {
    draw();
  } finally {
    if (performance.now() - start > SLOW_MS) requestAnimationFrame(() => setTimeout(next, 0));
    else setTimeout(next, 0);
  }
}

/** Run `draw` for `key` in a task of its own, after the charts queued before it. */
export function paintLater(key: object, draw: () => void): void {
  queue.set(key, draw);
  if (!pending) {
    pending = true;
    setTimeout(next, 0);
  }
}

/** Forget `key`'s pending draw (its chart went away). */
export function cancelPaint(key: object): void {
  queue.delete(key);
}
