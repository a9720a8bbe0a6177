/**
 * Other work on the machine (a test run, a build) changes the numbers a lot on a small box.
 * Before each measurement the bench waits, for a while, until the CPUs are mostly idle, and
 * records how busy they were so the report can say how clean the runs were. Linux only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

function cpuTimes() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: fields[3] + fields[4], total: fields.reduce((a, b) => a + b, 0) };
}

/** Share of all CPU time that was busy over the next `ms` (the bench itself is idle meanwhile). */
async function busyShare(ms) {
  const a = cpuTimes();
  await sleep(ms);
  const b = cpuTimes();
  return b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : 0;
}

/** Wait until less than `threshold` of the CPU is busy, at most `maxWaitMs`; then go on anyway. */
export async function waitForQuiet({ threshold = 0.2, maxWaitMs = 120_000, sampleMs = 1000 } = {}) {
  if (!existsSync('/proc/stat')) return { cpuBusy: null, waitedMs: 0 };
  const start = performance.now();
  for (;;) {
    const cpuBusy = await busyShare(sampleMs);
    const waitedMs = performance.now() - start;
    if (cpuBusy < threshold || waitedMs >= maxWaitMs) return { cpuBusy, waitedMs };
  }
}
