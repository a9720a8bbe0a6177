/** Summaries, pass/fail against the targets, and the results as markdown and JSON. */

export const TARGETS = {
  /** Issue 15's: confirm mapping → overview drawn. */
  oneMillionOverviewS: 1.5,
  fiveMillionOverviewS: 5,
  appOverBare: 1.3,
  initialJsKb: 300,
  /**
   * The issue asks for DuckDB to be started while the user is still on the import page; we also
   * hold it to a stricter reading: ready within this long after the page is usable.
   */
  reactionS: 1.0,
  /** Issues 4 and 5, at 1M orders. */
  pageReadyS: 1.0,
  /** Issue 15's (issue 5 asked for 200 ms). */
  segmentClickP95Ms: 100,
  filterChangeP95Ms: 100,
  /** Issue 5: BG/NBD + Gamma-Gamma on 100k customers, in the browser, without freezing the page. */
  clvS: 3.0,
  clvCustomers: 100_000,
  /** A page counts as frozen when no frame was painted for this long. */
  frozenFrameMs: 200,
  /** The NPS issue's own bound for the comment words counted in the worker. */
  npsFrameMs: 100,
  /** Issue 14: the programme-effect page (matching, event study, placebo, bootstrap) at 1M orders, never frozen. */
  programmeS: 1.5,
  programmeFrameMs: 100,
  /** Issue 12: a shared link drawn (every card settled), after navigation (a first visit). */
  sharedFirstChartS: 1.0,
  /** Links longer than this offer the report file instead; the overview's should stay well under. */
  linkLength: 8000,
  overviewLinkLength: 3000
};

/** The p-quantile (nearest rank) of sorted values, or null. */
function nearestRank(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : null;
}

/** One timing list (`key`: segment clicks, filter changes) pooled over all successful runs of a size, sorted. */
function pooledMs(size, key) {
  return size.app.filter((r) => !r.error && Array.isArray(r[key])).flatMap((r) => r[key]).sort((a, b) => a - b);
}

/** median/min/max in seconds of one field of the successful runs. */
export function stats(runs, field) {
  const v = runs.filter((r) => !r.error && typeof r[field] === 'number').map((r) => r[field] / 1000).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v.at(-1), n: v.length };
}

const s2 = (x) => x.toFixed(2);
/** "1.23 (1.20–1.30)" or "1.23" for a single run; "—" when nothing succeeded. */
function cell(st) {
  if (!st) return '—';
  return st.n > 1 ? `${s2(st.median)} (${s2(st.min)}–${s2(st.max)})` : s2(st.median);
}
const mb = (bytes) => (bytes == null ? '—' : `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`);
const kb = (bytes) => (bytes / 1024).toFixed(1);
const ratio = (a, b) => (a && b ? a.median / b.median : null);
const x = (r) => (r == null ? '—' : `${r.toFixed(2)}×`);
const maxOf = (runs, f) => Math.max(0, ...runs.filter((r) => !r.error && r[f]).map((r) => r[f])) || null;
const errorsOf = (runs) => [...new Set(runs.filter((r) => r.error).map((r) => r.error))];
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : '**FAIL**');

/** Everything the tables need, computed once and also written to the JSON. */
export function summarise(raw) {
  const sizes = raw.sizes.map((s) => {
    const app = { total: stats(s.app, 'totalMs'), load: stats(s.app, 'loadMs'), overview: stats(s.app, 'overviewMs') };
    const bareOf = (runs) => ({
      total: stats(runs, 'totalMs'), load: stats(runs, 'loadMs'), queries: stats(runs, 'queriesMs'),
      queriesAgain: stats(runs, 'queriesAgainMs'), peakRss: maxOf(runs, 'peakRss')
    });
    // `bare` runs the app's own SQL (the overhead target); `bareCtas` a plain load (what checking costs).
    const bare = bareOf(s.bare);
    const bareCtas = bareOf(s.bareCtas ?? []);
    // Issue 15's diagnostic: the same two loads on the multi-threaded build.
    const threads = bareOf(s.threads ?? []);
    const threadsCtas = bareOf(s.threadsCtas ?? []);
    const native = { total: stats(s.native, 'totalMs'), load: stats(s.native, 'loadMs'), queries: stats(s.native, 'queriesMs') };
    const orders = new Set([...s.app, ...s.bare, ...(s.bareCtas ?? []), ...(s.threads ?? []), ...(s.threadsCtas ?? []), ...s.native].filter((r) => !r.error).map((r) => r.orders));
    return {
      label: s.label, rows: s.rows, fileBytes: s.fileBytes, app, bare, bareCtas, threads, threadsCtas, native,
      threadsOverBare: ratio(threads.total, bare.total),
      threadsOverBareCtas: ratio(threadsCtas.total, bareCtas.total),
      appPeakRss: maxOf(s.app, 'peakRss'),
      overviewJs: s.app.find((r) => !r.error && r.overviewJs)?.overviewJs ?? null,
      appOverBare: ratio(app.total, bare.total),
      appOverBareCtas: ratio(app.total, bareCtas.total),
      checkedOverCtas: ratio(bare.total, bareCtas.total),
      wasmOverNative: ratio(bareCtas.total, native.total),
      appOverNative: ratio(app.total, native.total),
      loadOverBareLoad: ratio(app.load, bare.load),
      overviewOverBareQueries: ratio(app.overview, bare.queries),
      ordersAgree: orders.size === 1 && orders.has(s.rows),
      errors: {
        app: errorsOf(s.app), bare: errorsOf(s.bare), bareCtas: errorsOf(s.bareCtas ?? []), native: errorsOf(s.native),
        threads: errorsOf(s.threads ?? []), threadsCtas: errorsOf(s.threadsCtas ?? [])
      }
    };
  });
  const idle = raw.importPage;
  const js = idle.find((r) => !r.error);
  const cold = {
    interactive: stats(idle, 'interactiveMs'),
    engineStarted: stats(idle, 'engineStartedMs'),
    engineReady: stats(idle, 'engineReadyMs'),
    engineReadyNoSw: stats(raw.importPageNoServiceWorker ?? [], 'engineReadyMs'),
    engineWarm: stats(idle, 'engineWarmMs'),
    demoClick: stats(raw.coldStart, 'demoClickMs'),
    overview: stats(raw.coldStart, 'totalMs'),
    engineWorkers: [...new Set(raw.coldStart.filter((r) => !r.error).map((r) => r.engineWorkers))],
    peakRss: maxOf(raw.coldStart, 'peakRss'),
    errors: [...errorsOf(idle), ...errorsOf(raw.coldStart)]
  };
  const oneM = sizes.find((s) => s.rows === 1_000_000);
  const fiveM = sizes.find((s) => s.rows === 5_000_000);
  const oneMRaw = raw.sizes.find((s) => s.label === oneM?.label);
  const p95Click = oneMRaw ? nearestRank(pooledMs(oneMRaw, 'segmentClicksMs'), 0.95) : null;
  const p95Filter = oneMRaw ? nearestRank(pooledMs(oneMRaw, 'filterChangesMs'), 0.95) : null;
  // The bench's files have rows / 5 customers: 500k rows is the issue's 100k customers.
  const clvRaw = raw.sizes.find((s) => s.rows === TARGETS.clvCustomers * 5);
  const clvStats = clvRaw ? stats(clvRaw.app, 'clvMs') : null;
  const clvGap = clvRaw ? maxOf(clvRaw.app, 'clvMaxFrameGapMs') : null;
  const pageTarget = (target, st) => ({
    target,
    measured: st ? `${s2(st.median)} s` : '—',
    limit: `≤ ${TARGETS.pageReadyS} s`,
    pass: st ? st.median <= TARGETS.pageReadyS : null
  });
  const targets = [
    {
      target: '1M rows: confirm mapping → overview drawn',
      measured: oneM?.app.total ? `${s2(oneM.app.total.median)} s` : 'not run',
      limit: `≤ ${TARGETS.oneMillionOverviewS} s`,
      pass: oneM?.app.total ? oneM.app.total.median <= TARGETS.oneMillionOverviewS : null
    },
    ...(fiveM?.app.total ? [{
      target: '5M rows: confirm mapping → overview drawn',
      measured: `${s2(fiveM.app.total.median)} s`,
      limit: `≤ ${TARGETS.fiveMillionOverviewS} s`,
      pass: fiveM.app.total.median <= TARGETS.fiveMillionOverviewS
    }] : []),
    ...sizes.map((s) => ({
      target: `app overhead over bare duckdb-wasm, ${s.label} rows`,
      measured: x(s.appOverBare),
      limit: `≤ ${TARGETS.appOverBare}×`,
      pass: s.appOverBare == null ? null : s.appOverBare <= TARGETS.appOverBare
    })),
    {
      target: 'initial JS of the import page (gzip)',
      measured: js ? `${kb(js.initialJsGzip)} KB` : '—',
      limit: `≤ ${TARGETS.initialJsKb} KB`,
      pass: js ? js.initialJsGzip / 1024 <= TARGETS.initialJsKb : null
    },
    ...(clvRaw ? [{
      target: `predicted CLV (fits + predictions) on ~${Math.round(clvRaw.rows / 5 / 1000)}k customers, page not frozen`,
      measured: clvStats ? `${s2(clvStats.median)} s; longest frame gap ${Math.round(clvGap)} ms` : '—',
      limit: `≤ ${TARGETS.clvS} s; gap < ${TARGETS.frozenFrameMs} ms`,
      pass: clvStats ? clvStats.median <= TARGETS.clvS && clvGap < TARGETS.frozenFrameMs : null
    }] : []),
    ...(oneMRaw ? [
      pageTarget('segments page ready after the load, 1M rows', stats(oneMRaw.app, 'segmentsReadyMs')),
      {
        target: 'segment click re-rendered (p95), 1M rows',
        measured: p95Click == null ? '—' : `${Math.round(p95Click)} ms`,
        limit: `≤ ${TARGETS.segmentClickP95Ms} ms`,
        pass: p95Click == null ? null : p95Click <= TARGETS.segmentClickP95Ms
      },
      {
        target: 'filter change re-rendered on the segments page (p95), 1M rows',
        measured: p95Filter == null ? '—' : `${Math.round(p95Filter)} ms`,
        limit: `≤ ${TARGETS.filterChangeP95Ms} ms`,
        pass: p95Filter == null ? null : p95Filter <= TARGETS.filterChangeP95Ms
      },
      pageTarget('cohorts page ready after the load, 1M rows', stats(oneMRaw.app, 'cohortsReadyMs')),
      ...(oneMRaw.nps?.length ? [
        pageTarget('NPS page ready after the load, 1M orders + 200k answers', stats(oneMRaw.nps, 'readyMs')),
        {
          target: 'NPS comment words of 200k answers in the worker, page not frozen',
          measured: `settled in ${s2(stats(oneMRaw.nps, 'settledMs')?.median ?? NaN)} s; longest frame gap ${Math.round(maxOf(oneMRaw.nps, 'maxFrameGapMs') ?? NaN)} ms`,
          limit: `gap ≤ ${TARGETS.npsFrameMs} ms`,
          pass: (maxOf(oneMRaw.nps, 'maxFrameGapMs') ?? Infinity) <= TARGETS.npsFrameMs
        }
      ] : []),
      ...(oneMRaw.programme?.length ? [(() => {
        const st = stats(oneMRaw.programme, 'readyMs');
        const gap = maxOf(oneMRaw.programme, 'maxFrameGapMs');
        return {
          target: 'programme-effect page ready after the load (matching and bootstrap included), 1M orders, page not frozen',
          measured: st ? `${s2(st.median)} s; longest frame gap ${Math.round(gap)} ms` : '—',
          limit: `≤ ${TARGETS.programmeS} s; gap ≤ ${TARGETS.programmeFrameMs} ms`,
          pass: st ? st.median <= TARGETS.programmeS && gap <= TARGETS.programmeFrameMs : null
        };
      })()] : [])
    ] : []),
    {
      target: 'DuckDB started while the user is still on the import page',
      measured: cold.engineStarted && cold.interactive
        ? `started at ${s2(cold.engineStarted.median)} s; page usable at ${s2(cold.interactive.median)} s`
        : '—',
      limit: 'started ≤ usable',
      pass: cold.engineStarted && cold.interactive ? cold.engineStarted.median <= cold.interactive.median : null
    },
    {
      target: 'stricter (ours): engine ready before the user could act',
      measured: cold.engineReady && cold.interactive
        ? `ready at ${s2(cold.engineReady.median)} s; page usable at ${s2(cold.interactive.median)} s`
        : '—',
      limit: `ready ≤ usable + ${TARGETS.reactionS} s`,
      pass: cold.engineReady && cold.interactive ? cold.engineReady.median <= cold.interactive.median + TARGETS.reactionS : null
    }
  ];
  const share = raw.share && !raw.share.error ? raw.share.pages.map((p) => ({ ...p, firstChart: stats(p.opened, 'totalMs'), wasm: Math.max(0, ...p.opened.map((r) => r.wasmRequests ?? 0)) })) : null;
  if (share) {
    const slowest = share.filter((p) => p.firstChart).sort((a, b) => b.firstChart.median - a.firstChart.median)[0];
    const overview = share.find((p) => p.id === 'overview');
    targets.push(
      {
        target: 'shared link: drawn after navigation, every card settled (slowest demo page, first visit)',
        measured: slowest ? `${s2(slowest.firstChart.median)} s (${slowest.id}); .wasm requests: ${Math.max(...share.map((p) => p.wasm))}` : '—',
        limit: `≤ ${TARGETS.sharedFirstChartS} s, no .wasm`,
        pass: slowest ? slowest.firstChart.median <= TARGETS.sharedFirstChartS && share.every((p) => p.wasm === 0) : null
      },
      {
        target: 'overview link length (demo)',
        measured: overview?.linkLength == null ? '—' : `${overview.linkLength.toLocaleString('en-US')} characters`,
        limit: `< ${TARGETS.overviewLinkLength.toLocaleString('en-US')}`,
        pass: overview?.linkLength == null ? null : overview.linkLength < TARGETS.overviewLinkLength
      }
    );
  }
  return { sizes, cold, initialJs: js ?? null, share, targets };
}

/** How busy the machine was before the runs (other people's tests, builds). */
function contention(raw) {
  const runs = [...raw.importPage, ...(raw.importPageNoServiceWorker ?? []), ...raw.coldStart, ...raw.sizes.flatMap((s) => [...s.app, ...s.bare, ...(s.bareCtas ?? []), ...(s.threads ?? []), ...(s.threadsCtas ?? []), ...s.native])];
  const busy = runs.map((r) => r.cpuBusyBefore).filter((b) => typeof b === 'number').sort((a, b) => a - b);
  if (!busy.length) return 'not measured.';
  const pct = (v) => `${Math.round(v * 100)} %`;
  const loud = busy.filter((b) => b >= 0.2).length;
  const load = runs.map((r) => r.load1).filter((l) => typeof l === 'number');
  return `CPU busy in the second before each run: median ${pct(busy[Math.floor(busy.length / 2)])}, max ${pct(busy.at(-1))}; ${loud} of ${busy.length} runs started on a busy machine (≥ 20 %) after waiting up to 2 min for quiet. 1-minute load average after runs: ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}.`;
}

export function markdown(raw, sum) {
  const m = raw.machine;
  const L = [];
  L.push(`# Kizuna benchmark`, '');
  L.push(`${m.date} · ${m.cpus}× ${m.cpuModel} · ${m.memGb} GB RAM · Node ${m.node} · Chromium ${m.chromium} · duckdb-wasm ${m.duckdbWasm} · native DuckDB ${m.nativeDuckdb} (${m.nativeThreads} threads) · ${m.os}`, '');
  if (m.japaneseFonts === 0) L.push('No Japanese font is installed: Japanese text (the survey comments) is laid out by font fallback, slower than on a Japanese desktop.', '');
  else if (m.japaneseFonts) L.push(`Japanese fonts installed: ${m.japaneseFonts} famil${m.japaneseFonts === 1 ? 'y' : 'ies'}.`, '');
  L.push(`Other load on the machine: ${contention(raw)}`, '');
  L.push(`Command: \`${raw.command}\`. Seconds; median (min–max) of ${raw.options.reps} run(s), each in a fresh browser context (a first visit); a case whose first run took over ${raw.options.longS} s ran once. App build ${m.commit}.`, '');

  L.push('## Targets', '', '| target | measured | limit | result |', '|---|---|---|---|');
  for (const t of sum.targets) L.push(`| ${t.target} | ${t.measured} | ${t.limit} | ${verdict(t.pass)} |`);
  L.push('', `"Before the user could act" is read as: within ${TARGETS.reactionS} s of the import page becoming usable (the fastest a person sees the page and clicks); picking or dragging a file takes longer. App overhead = app (Load → overview drawn) / bare duckdb-wasm running the same SQL (the app's load of the file, then its overview SQL) with no app around it.`);

  const c = sum.cold;
  L.push('', '## Cold start: first visit → demo overview', '', '| milestone (since navigation start) | seconds |', '|---|---|');
  L.push(`| import page usable ("Try the demo" clickable) | ${cell(c.interactive)} |`);
  L.push(`| engine worker created (DuckDB's start under way) | ${cell(c.engineStarted)} |`);
  L.push(`| "Analysis engine ready" on the idle import page | ${cell(c.engineReady)} |`);
  L.push(`| … the same with the service worker blocked (diagnostic: no first-visit precaching) | ${cell(c.engineReadyNoSw)} |`);
  L.push(`| engine warmed up on the idle import page (a generated file through the import and overview; the orders-file runs pick their file after it) | ${cell(c.engineWarm)} |`);
  L.push(`| demo clicked (as soon as clickable) | ${cell(c.demoClick)} |`);
  L.push(`| demo overview drawn (KPI values + 3 charts painted) | ${cell(c.overview)} |`);
  L.push('', `Engine workers started per demo run: ${c.engineWorkers.join(', ') || '—'}. Peak renderer RSS: ${mb(c.peakRss)}.`);
  if (c.errors.length) L.push('', `Errors: ${c.errors.join('; ')}`);

  L.push('', '## Share links and report files of the demo', '');
  if (!sum.share) L.push(`Not measured${raw.share?.error ? `: ${raw.share.error}` : ''}.`);
  else {
    L.push(`Each page of the demo shared (link length, in characters, with this origin) and reported ("this page", file size); each link then opened in a fresh browser context (a first visit: nothing cached) until every card has settled and is painted (charts or tables: Loyal customers has no chart), since navigation start. Links over ${TARGETS.linkLength.toLocaleString('en-US')} characters are not offered (the report file is).`, '');
    L.push('| page | link length | report file | shared link: drawn | .wasm requests |', '|---|---|---|---|---|');
    for (const p of sum.share) L.push(`| ${p.id} | ${p.linkLength == null ? 'too long: report offered' : p.linkLength.toLocaleString('en-US')} | ${kb(p.reportBytes)} KB | ${p.firstChart ? cell(p.firstChart) + ' s' : '—'} | ${p.wasm} |`);
    L.push('', `Report of all pages: ${kb(raw.share.allReportBytes)} KB, made in ${s2(raw.share.allReportMs / 1000)} s (computing the pages not on screen, predicted CLV's fit included).`);
  }

  L.push('', '## Orders file → overview', '');
  L.push('**App** — click "Load" → "Data quality" shown (load), click "See the overview" → KPI values and 3 charts painted (overview); total = load + overview.', '');
  L.push('| rows | file | total | load | overview | JS fetched after the load (overview route, charts) | peak renderer RSS |', '|---|---|---|---|---|---|---|');
  const js = (j) =>
    !j ? '—' : j.files === 0 ? 'none' : `${j.files} files, ${kb(j.bytes)} KB, last ${s2(j.lastAfterClickMs / 1000)} s after the click`;
  for (const s of sum.sizes) {
    L.push(`| ${s.label} | ${mb(s.fileBytes)} | ${cell(s.app.total)} | ${cell(s.app.load)} | ${cell(s.app.overview)} | ${js(s.overviewJs)} | ${mb(s.appPeakRss)} |`);
  }
  L.push('', '**Bare duckdb-wasm** (same browser, bench/bare: DuckDB in its own worker straight from the page, no engine worker, Comlink, Svelte or charts; warmed up like the app\'s engine, on the same generated file) — pick the file, click "Run" → load → the overview\'s SQL (queries). Two loads: the app\'s own SQL (the app\'s inspection of the file on picking it, not timed, then its load of that plan: typed columns, every value checked, quality figures, customers), and a plain CTAS that checks nothing.', '');
  L.push('| rows | load | total | load time | queries | queries again (warm engine, not in total) | peak renderer RSS |', '|---|---|---|---|---|---|---|');
  for (const s of sum.sizes) {
    const threaded = [['app SQL, threaded', s.threads], ['plain CTAS, threaded', s.threadsCtas]].filter(([, b]) => b.total);
    for (const [name, b] of [['app SQL', s.bare], ['plain CTAS', s.bareCtas], ...threaded]) {
      L.push(`| ${s.label} | ${name} | ${cell(b.total)} | ${cell(b.load)} | ${cell(b.queries)} | ${cell(b.queriesAgain)} | ${mb(b.peakRss)} |`);
    }
  }
  if (sum.sizes.some((s) => s.threads.total || s.threadsCtas.total)) {
    L.push('', '"threaded": duckdb-wasm\'s multi-threaded build (duckdb-coi, pthreads, a thread per core up to 4; the page cross-origin isolated), as the app runs it on a host that sends COOP/COEP: files are read on one thread (the others cannot read a browser file handle), everything after on all. The app runs the single-threaded build by default. Threaded / single-threaded total, of medians: ' +
      sum.sizes.filter((s) => s.threads.total || s.threadsCtas.total).map((s) => `${s.label}: app SQL ${x(s.threadsOverBare)}, plain CTAS ${x(s.threadsOverBareCtas)}`).join('; ') + '.');
  }
  L.push('', `**Native DuckDB** (@duckdb/node-api, ${m.nativeThreads} threads) — the plain CTAS and the overview SQL on the same file.`, '');
  L.push('| rows | total | load | queries |', '|---|---|---|---|');
  for (const s of sum.sizes) L.push(`| ${s.label} | ${cell(s.native.total)} | ${cell(s.native.load)} | ${cell(s.native.queries)} |`);
  L.push('', '**Ratios** (of medians)', '');
  L.push('| rows | app / bare (same SQL) | app load / bare load | app overview / bare queries | app / bare plain CTAS | checked / plain CTAS (both bare) | wasm / native (plain CTAS) | app / native | Orders KPI = rows everywhere |', '|---|---|---|---|---|---|---|---|---|');
  for (const s of sum.sizes) {
    L.push(`| ${s.label} | ${x(s.appOverBare)} | ${x(s.loadOverBareLoad)} | ${x(s.overviewOverBareQueries)} | ${x(s.appOverBareCtas)} | ${x(s.checkedOverCtas)} | ${x(s.wasmOverNative)} | ${x(s.appOverNative)} | ${s.ordersAgree ? 'yes' : 'no'} |`);
  }
  for (const s of sum.sizes) {
    for (const [k, errs] of Object.entries(s.errors)) if (errs.length) L.push('', `Errors (${s.label}, ${k}): ${errs.join('; ')}`);
  }

  L.push('', `## Segments page after the load (issue: ready ≤ ${TARGETS.pageReadyS} s, a segment click re-renders ≤ ${TARGETS.segmentClickP95Ms} ms p95, a filter change ≤ ${TARGETS.filterChangeP95Ms} ms p95)`, '');
  L.push('Open Segments (RFM) right after the overview, until every card has settled; then click ten segments in the table, each timed from the click as the page recorded it until the page has re-rendered for it (two frames painted after the last card settled); then change the filters (one channel, all channels, the last 12 months, all time), each timed from the change as the page recorded it until every card has settled again. Pooled over all runs.', '');
  L.push('| rows | segments page ready | segment click median | segment click p95 | clicks | filter change median | filter change p95 | changes |', '|---|---|---|---|---|---|---|---|');
  for (const s of raw.sizes) {
    const ok = s.app.filter((r) => !r.error && typeof r.segmentsReadyMs === 'number');
    const [clicks, changes] = [pooledMs(s, 'segmentClicksMs'), pooledMs(s, 'filterChangesMs')];
    const ms = (v) => (v == null ? '—' : `${Math.round(v)} ms`);
    const q = (all, p) => ms(nearestRank(all, p));
    L.push(`| ${s.label} | ${cell(stats(ok, 'segmentsReadyMs'))} s | ${q(clicks, 0.5)} | ${q(clicks, 0.95)} | ${clicks.length} | ${q(changes, 0.5)} | ${q(changes, 0.95)} | ${changes.length} |`);
  }

  L.push('', '## Predicted CLV after the load (issue: fit on 100k customers ≤ 3 s in the browser, page not frozen)', '');
  L.push('Then open Predicted CLV, until its first figure is shown: per-customer summary in SQL, BG/NBD + Gamma-Gamma fitted twice (whole history, and up to the holdout split), predictions for every customer and the holdout check, all in the engine worker. The longest gap between animation frames meanwhile shows whether the page froze.', '');
  L.push('| rows | customers | repeat customers | CLV shown | longest frame gap |', '|---|---|---|---|---|');
  for (const s of raw.sizes) {
    const ok = s.app.filter((r) => !r.error && typeof r.clvMs === 'number');
    if (!ok.length) continue;
    L.push(`| ${s.label} | ~${Math.round(s.rows / 5).toLocaleString('en-US')} | ${ok[0].clvRepeatCustomers.toLocaleString('en-US')} | ${cell(stats(ok, 'clvMs'))} s | ${Math.round(maxOf(ok, 'clvMaxFrameGapMs'))} ms |`);
  }

  L.push('', '## Cohorts page after the load (issue: ready ≤ 1 s)', '');
  L.push('Then open Cohorts & LTV, until every card has settled (retention matrix, LTV curves, F2, gaps, repeat rate).', '');
  L.push('| rows | cohorts page ready |', '|---|---|');
  for (const s of raw.sizes) {
    const ok = s.app.filter((r) => !r.error && typeof r.cohortsReadyMs === 'number');
    L.push(`| ${s.label} | ${cell(stats(ok, 'cohortsReadyMs'))} s |`);
  }

  L.push('', '## NPS page after loading orders and a survey (issue: ready ≤ 1 s with 1M orders and 200k answers; words without freezing)', '');
  L.push('Orders and a survey file of one answer per five orders (60 % with a Japanese comment) loaded together; then open NPS & voice: until the score over time is painted (ready), and until every card has settled, the comment words counted in the worker included.', '');
  L.push('| orders | answers | ready | all cards settled | longest frame gap |', '|---|---|---|---|---|');
  for (const s of raw.sizes) {
    const ok = (s.nps ?? []).filter((r) => !r.error && typeof r.readyMs === 'number');
    if (!ok.length) continue;
    L.push(`| ${s.label} | ${(ok[0].answers ?? Math.round(s.rows / 5)).toLocaleString('en-US')} | ${cell(stats(ok, 'readyMs'))} s | ${cell(stats(ok, 'settledMs'))} s | ${Math.round(maxOf(ok, 'maxFrameGapMs'))} ms |`);
  }

  L.push('', '## Programme-effect page after loading orders and enrolment dates (issue 14: ready ≤ 1.5 s with 1M orders, never frozen)', '');
  L.push('Orders and a customers file with `member_since` for 45 % of the heavy buyers and 15 % of the others loaded together; then open Programme effect: until every card has settled (the matched difference in differences, event study, placebo and the bootstrap of the naive gap, all in the worker).', '');
  L.push('| orders | matched members | ready | longest frame gap |', '|---|---|---|---|');
  for (const s of raw.sizes) {
    const ok = (s.programme ?? []).filter((r) => !r.error && typeof r.readyMs === 'number');
    if (!ok.length) continue;
    L.push(`| ${s.label} | ${(ok[0].matchedMembers ?? 0).toLocaleString('en-US')} | ${cell(stats(ok, 'readyMs'))} s | ${Math.round(maxOf(ok, 'maxFrameGapMs'))} ms |`);
  }

  if (raw.cli?.length) {
    L.push('', '## Command line on native DuckDB (issue 15: files too large for a tab)', '');
    L.push('`kizuna overview FILE --db FILE.duckdb --json`: the app\'s own import (every value checked) and overview, on native DuckDB into a database file (out of core), timed from outside: wall clock and peak memory (GNU time).', '');
    L.push('| rows | file | wall clock | peak memory | Orders KPI = rows |', '|---|---|---|---|---|');
    for (const c of raw.cli) {
      const r = c.run;
      L.push(r.error ? `| ${c.label} | ${mb(c.fileBytes)} | failed: ${r.error} | — | — |` : `| ${c.label} | ${mb(c.fileBytes)} | ${s2(r.totalMs / 1000)} s | ${mb(r.peakRss)} | ${r.orders === c.rows ? 'yes' : `no (${r.orders})`} |`);
    }
  }
  if (sum.initialJs) {
    const j = sum.initialJs;
    L.push('', '## Initial JavaScript of `/`', '');
    L.push('Scripts the page loaded before any user action (no .wasm, no worker scripts, no service-worker fetches); gzip = zlib default level.', '');
    L.push('| script | raw KB | gzip KB |', '|---|---|---|');
    for (const f of [...j.scripts].sort((a, b) => b.gzip - a.gzip)) L.push(`| ${f.path} | ${kb(f.bytes)} | ${kb(f.gzip)} |`);
    L.push(`| **total (${j.scripts.length} files)** | **${kb(j.initialJsRaw)}** | **${kb(j.initialJsGzip)}** |`);
  }
  if (raw.profile) {
    L.push('', `## Where the app's load time goes (${raw.profile.label} rows)`, '');
    L.push(raw.profile.note, '');
    L.push('| step | seconds | share |', '|---|---|---|');
    const total = raw.profile.steps.reduce((a, s) => a + s.ms, 0);
    // Statements under 1 % each are summed into one line per phase to keep the table readable.
    const big = raw.profile.steps.filter((st) => st.ms >= total / 100);
    const rest = raw.profile.steps.filter((st) => st.ms < total / 100);
    const restRows = ['load', 'overview'].map((phase) => {
      const xs = rest.filter((st) => st.step.startsWith(phase + ':'));
      return { step: `${phase}: ${xs.length} other statements (each < 1 %)`, ms: xs.reduce((a, st) => a + st.ms, 0), n: xs.length };
    }).filter((r) => r.n > 0);
    for (const st of [...big, ...restRows]) L.push(`| ${st.step} | ${s2(st.ms / 1000)} | ${Math.round((100 * st.ms) / total)} % |`);
    L.push(`| **total** | **${s2(total / 1000)}** | |`);
  }
  return L.join('\n') + '\n';
}
