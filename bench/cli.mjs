/**
 * The command line (`kizuna`, native DuckDB) on orders files too large for a browser tab: the
 * app's own import and overview (the same modules), loaded into a database file so that DuckDB
 * can work out of core. Timed from the outside: wall clock, and peak memory from GNU time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';

const TIME = '/usr/bin/time';

export function cliRun(root, file, dbFile) {
  for (const f of [dbFile, dbFile + '.wal', dbFile + '.tmp']) rmSync(f, { recursive: true, force: true });
  const command = [process.execPath, path.join(root, 'src/cli/kizuna.mjs'), 'overview', file, '--db', dbFile, '--json', '--locale', 'en'];
  const timed = existsSync(TIME);
  const t = performance.now();
  const r = spawnSync(timed ? TIME : command[0], timed ? ['-f', 'peak-kb %M', ...command] : command.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 });
  const totalMs = performance.now() - t;
  for (const f of [dbFile, dbFile + '.wal', dbFile + '.tmp']) rmSync(f, { recursive: true, force: true });
  const peak = /peak-kb (\d+)/.exec(r.stderr ?? '');
  // GNU time's own lines (its status line, the peak) are not the command's message.
  const said = (r.stderr ?? '').split('\n').filter((l) => l.trim() && !/^peak-kb |^Command exited with/.test(l));
  if (r.status !== 0) throw new Error(`kizuna exited with ${r.status}${peak ? ` (peak ${Math.round(Number(peak[1]) / 1024)} MB)` : ''}: ${said.slice(-2).join(' ')}`);
  const overview = JSON.parse(r.stdout);
  return { totalMs, peakRss: peak ? Number(peak[1]) * 1024 : null, orders: overview.kpis.find((k) => k.key === 'orders')?.value ?? null };
}
