/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline after the first visit: the app, its workers and DuckDB's WebAssembly are cached on
 * install and served from the cache. Only the page's own origin is ever involved.
 *
 * Versions: the first install takes control at once (there is nothing to replace). A new
 * version installs in the background and then waits, so that it never swaps the app under an
 * analysis; the page offers the update (src/lib/state/update.svelte.ts) and, on the user's
 * click, sends SKIP_WAITING; the page reloads when the new version takes over.
 */
import { base, build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `kizuna-${version}`;

/**
 * Everything to cache: the build (from SvelteKit), the files the engine worker loads (listed at
 * build time in `_app/worker-files.json`, see vite.config.ts), static files and pages. DuckDB's
 * MVP build is only for browsers without WebAssembly exceptions, and its threaded build only for
 * hosts that send COOP/COEP (see src/lib/engine/duckdb-worker.ts: asked of the host's answer for
 * the page); caching them for everyone would triple the download (they are still fetched when
 * needed, online).
 */
async function assets(): Promise<string[]> {
  const [listed, page] = await Promise.all([
    fetch(`${base}/_app/worker-files.json`, { cache: 'no-cache' }),
    fetch(`${base}/`, { method: 'HEAD', cache: 'no-cache' })
  ]);
  if (!listed.ok) throw new Error(`worker-files.json: HTTP ${listed.status}`);
  const worker = ((await listed.json()) as string[]).map((f) => `${base}/${f}`);
  const isolating = page.headers.get('Cross-Origin-Embedder-Policy') === 'require-corp';
  const unused = isolating ? /duckdb-mvp.*\.wasm$/ : /duckdb-(mvp|coi).*\.wasm$/;
  // The worker's entry is in both lists, and `addAll` refuses a list with repeats.
  return [...new Set([...build, ...worker, ...files, ...prerendered])].filter((f) => !unused.test(f));
}

/** What the page may ask of a waiting worker (sent by src/lib/state/update.svelte.ts). */
type PageMessage = { type: 'SKIP_WAITING' };

const IMMUTABLE = `${base}/_app/immutable/`;

/**
 * Fill this version's cache. Files under `_app/immutable/` are named by their content, so a copy
 * kept by an earlier version is the same file: an update downloads only what changed, not
 * DuckDB's WebAssembly again. Everything else (pages, static files) is fetched past the HTTP
 * cache, which could still hold the previous version's page pointing at files that are gone.
 */
async function fill(cache: Cache, list: string[]): Promise<void> {
  const fetched: RequestInfo[] = [];
  await Promise.all(
    list.map(async (file) => {
      const immutable = file.startsWith(IMMUTABLE);
      const kept = immutable ? await caches.match(file) : undefined;
      if (kept) await cache.put(file, kept);
      else fetched.push(immutable ? file : new Request(file, { cache: 'no-cache' }));
    })
  );
  await cache.addAll(fetched);
}

// No skipWaiting() here: the first install activates by itself, an update waits to be asked.
sw.addEventListener('install', (event) => {
  event.waitUntil(Promise.all([caches.open(CACHE), assets()]).then(([cache, list]) => fill(cache, list)));
});

sw.addEventListener('message', (event) => {
  const message = event.data as PageMessage | null;
  if (message?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      // The first version takes the page that registered it without a reload; the pages of a
      // previous version switch over by themselves (and reload, see update.svelte.ts).
      .then(() => sw.clients.claim())
  );
});

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  event.respondWith(
    (async () => {
      // Opened only if it is there: `caches.open` would create it again, empty, after the user
      // erased everything on the settings page (this worker serves the page until it reloads).
      const cache = (await caches.has(CACHE)) ? await caches.open(CACHE) : null;
      if (!cache) return fetch(event.request);
      // Pages are prerendered shells: any path under the app answers with its shell.
      const path = url.pathname.replace(/\/$/, '') || '/';
      const cached =
        (await cache.match(event.request, { ignoreSearch: true })) ??
        (await cache.match(path === '/' ? '/' : `${path}.html`)) ??
        (await cache.match(path));
      if (cached) return cached;
      try {
        return await fetch(event.request);
      } catch {
        return (await cache.match('/')) ?? Response.error();
      }
    })()
  );
});
