// npm run bench [-- --quick] [-- --sizes 100k,500k,1m,5m,20m | none] [-- --cli 1m,20m,100m] [-- --reps 3]
// (20m is not run by default: a 1.1 GB file; --cli runs the command line on native DuckDB, e.g. 100m: 5.6 GB)
// The performance benchmark (not part of the tests): the built app in headless Chromium against
// bare duckdb-wasm in the same browser and native DuckDB, on generated orders files.
// Results: a table on stdout, bench/out/results.md and bench/out/results.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runnerImport } from 'vite';
import { root, gitDescribe, run } from './lib.mjs';
import { customersFile, ordersFile, surveyFile } from '../bench/data.mjs';
import { buildApp, buildBare, serveApp, serveBare } from '../bench/serve.mjs';
import { launch } from '../bench/browser.mjs';
import { bareRun, coldStartDemo, importPageIdle, importToOverview, npsPage, openShared, programmePage, shareDemo } from '../bench/app.mjs';
import { markdown, summarise } from '../bench/report.mjs';
import { waitForQuiet } from '../bench/quiet.mjs';
import { cliRun } from '../bench/cli.mjs';

const OUT = path.join(root, 'bench/out');
const SIZES = { '100k': 100_000, '500k': 500_000, '1m': 1_000_000, '5m': 5_000_000, '20m': 20_000_000 };
/** Sizes for the command line (`--cli`), which is for files a tab cannot hold. */
const CLI_SIZES = { '1m': 1_000_000, '20m': 20_000_000, '100m': 100_000_000 };

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = { quick: false, sizes: ['100k', '500k', '1m', '5m'], cli: [], reps: 3, longS: 60 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') Object.assign(opts, { quick: true, sizes: ['100k', '1m'], reps: 1 });
    else if (a === '--sizes') opts.sizes = argv[++i].toLowerCase().split(',').map((s) => s.trim()).filter((s) => s && s !== 'none');
    else if (a === '--reps') opts.reps = Math.max(1, Number(argv[++i]));
    else if (a === '--cli') opts.cli = argv[++i].toLowerCase().split(',').map((s) => s.trim()).filter(Boolean);
    else throw new UsageError(`unknown option ${a} (use --quick, --sizes 100k,500k,1m,5m,20m or none, --cli 1m,20m,100m, --reps N)`);
  }
  const unknown = opts.sizes.filter((s) => !(s in SIZES));
  if (unknown.length) throw new UsageError(`unknown size ${unknown.join(', ')} (known: ${Object.keys(SIZES).join(', ')})`);
  const unknownCli = opts.cli.filter((s) => !(s in CLI_SIZES));
  if (unknownCli.length) throw new UsageError(`unknown --cli size ${unknownCli.join(', ')} (known: ${Object.keys(CLI_SIZES).join(', ')})`);
  return opts;
}

/** One run, started once the machine is quiet; a failure is recorded, not fatal. */
async function measure(name, i, fn) {
  const quiet = await waitForQuiet();
  const t = performance.now();
  let run;
  try {
    run = await fn();
  } catch (e) {
    run = { error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
  }
  const wallS = (performance.now() - t) / 1000;
  Object.assign(run, { cpuBusyBefore: quiet.cpuBusy, waitedForQuietMs: Math.round(quiet.waitedMs), load1: os.loadavg()[0] });
  const busy = quiet.cpuBusy == null ? '' : `; CPU ${Math.round(quiet.cpuBusy * 100)} % busy at start${quiet.waitedMs > 1500 ? `, after waiting ${(quiet.waitedMs / 1000).toFixed(0)} s for quiet` : ''}`;
  // The headline of a run: its total, for the idle import page when the engine was ready, for the NPS page when it was ready.
  const headline = run.totalMs ?? run.engineReadyMs ?? run.readyMs;
  console.log(`  ${name} #${i + 1}: ${run.error ? 'failed: ' + run.error : `${(headline / 1000).toFixed(2)} s`} (wall ${wallS.toFixed(1)} s${busy})`);
  return { run, wallS };
}

/**
 * Run each case `reps` times, interleaved (a, b, c, a, b, c…) so that a change in background
 * load hits every case alike and the ratios stay fair. A case whose first run already took
 * longer than `longS` (wall clock, e.g. 5M rows) runs once: repeating would take many minutes.
 */
async function repeat(cases, reps, longS) {
  const runs = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const done = new Set();
  for (let i = 0; i < reps; i++) {
    for (const [name, fn] of Object.entries(cases)) {
      if (done.has(name)) continue;
      const { run, wallS } = await measure(name, i, fn);
      runs[name].push(run);
      if (i === 0 && wallS > longS && reps > 1) {
        console.log(`  ${name}: first run over ${longS} s, not repeated`);
        done.add(name);
      }
    }
  }
  return runs;
}

/** How many font families cover Japanese (fontconfig); null where fc-list is missing. */
function japaneseFonts() {
  try {
    return new Set(execFileSync('fc-list', [':lang=ja', 'family']).toString().split('\n').filter(Boolean)).size;
  } catch {
    return null;
  }
}

async function machine(browser, native, commit) {
  const pkg = (p) => JSON.parse(readFileSync(path.join(root, 'node_modules', p, 'package.json'), 'utf8')).version;
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: browser.version(),
    duckdbWasm: pkg('@duckdb/duckdb-wasm'),
    nativeDuckdb: `${native.version} (@duckdb/node-api ${pkg('@duckdb/node-api')})`,
    nativeThreads: native.threads,
    japaneseFonts: japaneseFonts(),
    commit
  };
}

/** Whether the build includes uncommitted changes (read-only git query). */
function workingTreeDirty() {
  try {
    return execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root }).toString().trim() !== '';
  } catch {
    return false;
  }
}

/**
 * The app's own import and overview code on one file in Node, every statement timed (see
 * bench/profile.ts): 1M rows when measured, else the smallest size.
 */
async function profile(files) {
  const f = files.find((x) => x.label === '1m') ?? files[0];
  if (!f) return null;
  console.log(`• Profile of the app's load and overview statements (${f.label} rows, Node, duckdb-wasm blocking build)`);
  try {
    const { module } = await runnerImport(path.join(root, 'bench/profile.ts'), { configFile: false, logLevel: 'warn' });
    await waitForQuiet();
    const steps = await module.profileAppLoad(f.file);
    return {
      label: f.label,
      note: "The app's inspectFile, loadDataset and runOverview on the same file, in Node on duckdb-wasm's blocking build (same wasm engine, no worker hops, no UI, no charts; Node's older V8 makes it slower overall): read the shares, not the sums. Time starts at \"Load\".",
      steps
    };
  } catch (e) {
    console.log(`  profile failed: ${e instanceof Error ? e.message : e}`);
    return null;
  }
}

/**
 * Native DuckDB is only for the benchmark's comparison, pinned to the engine of duckdb-wasm 1.32.
 * It is installed on demand and never saved: its per-platform binaries cannot all be locked from
 * here, and `npm ci` (tests, CI) must not depend on them.
 */
const NATIVE_DUCKDB = '@duckdb/node-api@1.4.3-r.3';
function ensureNativeDuckdb() {
  // Looked up on disk, not resolved: a failed resolution is cached, and the import after the
  // install would then fail on a fresh machine.
  if (!existsSync(path.join(root, 'node_modules/@duckdb/node-api/package.json'))) {
    run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', NATIVE_DUCKDB]);
  }
}

async function main() {
  ensureNativeDuckdb();
  const { nativeRun, nativeThreads } = await import('../bench/native.mjs');
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(OUT, { recursive: true });
  buildApp(root);
  // Which sources the build is from, read next to the build (others may commit meanwhile).
  const commit = gitDescribe() + (workingTreeDirty() ? ' + uncommitted changes' : '');
  buildBare(root);
  // The app's SQL builders, loaded from TypeScript the way vite would, for the native runs.
  const { module: queries } = await runnerImport(path.join(root, 'bench/queries.ts'), { configFile: false, logLevel: 'warn' });

  console.log('• Orders files');
  const files = [];
  for (const label of opts.sizes) {
    const file = await ordersFile(OUT, label, SIZES[label]);
    // A survey of one answer per five orders, for the NPS page (up to 1M orders: 200k answers).
    const survey = SIZES[label] <= 1_000_000 ? await surveyFile(OUT, label, SIZES[label]) : null;
    // Enrolment dates of the same customers, for the programme-effect page (up to 1M orders).
    const customers = SIZES[label] <= 1_000_000 ? await customersFile(OUT, label, SIZES[label]) : null;
    files.push({ label, rows: SIZES[label], file, survey, customers, fileBytes: statSync(file).size });
  }

  const app = await serveApp(root);
  const bare = await serveBare(root);
  const browser = await launch();
  try {
    const raw = {
      command: `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
      options: opts,
      machine: await machine(browser, await nativeThreads(), commit),
      importPage: [],
      importPageNoServiceWorker: [],
      coldStart: [],
      share: null,
      sizes: []
    };
    console.log(`• Import page and cold start (${app.url})`);
    const start = await repeat(
      {
        'import page idle': () => importPageIdle(browser, app.url),
        // Diagnostic: the same idle page without the service worker's first-visit precaching.
        'import page idle, service worker blocked': () => importPageIdle(browser, app.url, { blockServiceWorker: true }),
        'demo cold start': () => coldStartDemo(browser, app.url)
      },
      opts.reps,
      opts.longS
    );
    raw.importPage = start['import page idle'];
    raw.importPageNoServiceWorker = start['import page idle, service worker blocked'];
    raw.coldStart = start['demo cold start'];

    console.log('• Share links and report files of the demo');
    try {
      const made = await shareDemo(browser, app.url);
      const linked = made.pages.filter((p) => p.link);
      const opened = await repeat(Object.fromEntries(linked.map((p) => [`shared ${p.id}`, () => openShared(browser, p.link)])), opts.reps, opts.longS);
      raw.share = { ...made, pages: made.pages.map(({ link: _link, ...p }) => ({ ...p, opened: opened[`shared ${p.id}`] ?? [] })) };
    } catch (e) {
      raw.share = { error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
      console.log(`  failed: ${raw.share.error}`);
    }

    for (const f of files) {
      console.log(`• ${f.label} rows (${(f.fileBytes / 1e6).toFixed(0)} MB)`);
      const timeout = Math.max(120_000, (f.rows / 1e6) * 180_000);
      const runs = await repeat(
        {
          // Predicted CLV up to 1M orders (200k customers); 500k orders = the issue's 100k customers.
          app: () => importToOverview(browser, app.url, f.file, timeout, { clv: f.rows <= 1_000_000 }),
          'bare wasm, app SQL': () => bareRun(browser, bare.url, f.file, timeout, { appLoad: true }),
          'bare wasm, CTAS': () => bareRun(browser, bare.url, f.file, timeout, { appLoad: false }),
          native: () => nativeRun(queries, f.file),
          // Issue 15: duckdb-wasm's multi-threaded build (a thread per core, up to 4), up to 5M rows.
          ...(f.rows <= 5_000_000 && {
            'bare wasm, threaded, app SQL': () => bareRun(browser, bare.url, f.file, timeout, { appLoad: true, threaded: true }),
            'bare wasm, threaded, CTAS': () => bareRun(browser, bare.url, f.file, timeout, { appLoad: false, threaded: true })
          }),
          ...(f.survey && { nps: () => npsPage(browser, app.url, f.file, f.survey, timeout) }),
          ...(f.customers && { programme: () => programmePage(browser, app.url, f.file, f.customers, timeout) })
        },
        opts.reps,
        opts.longS
      );
      raw.sizes.push({ ...f, app: runs.app, bare: runs['bare wasm, app SQL'], bareCtas: runs['bare wasm, CTAS'], native: runs.native,
        threads: runs['bare wasm, threaded, app SQL'] ?? [], threadsCtas: runs['bare wasm, threaded, CTAS'] ?? [], nps: runs.nps ?? [], programme: runs.programme ?? [] });
    }

    raw.cli = [];
    for (const label of opts.cli) {
      const file = await ordersFile(OUT, label, CLI_SIZES[label]);
      console.log(`• Command line, ${label} rows (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
      const { run } = await measure(`kizuna overview ${label}`, 0, () => cliRun(root, file, path.join(OUT, `cli-${label}.duckdb`)));
      raw.cli.push({ label, rows: CLI_SIZES[label], fileBytes: statSync(file).size, run });
    }

    raw.profile = await profile(files);

    const summary = summarise(raw);
    const md = markdown(raw, summary);
    writeFileSync(path.join(OUT, 'results.md'), md);
    writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ ...raw, summary }, null, 2) + '\n');
    console.log('\n' + md);
    console.log(`Written: bench/out/results.md, bench/out/results.json`);
  } finally {
    await browser.close();
    await app.close();
    await bare.close();
  }
}

main().catch((e) => {
  console.error(e instanceof UsageError ? `bench: ${e.message}` : e);
  process.exit(1);
});
