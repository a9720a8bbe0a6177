/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline after the first visit: the app, its workers and DuckDB's WebAssembly are cached on
 * install and served from the cache. Only the page's own origin is ever involved.
 */
import { base, build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `kizuna-${version}`;

/**
 * Everything to cache: the build (from SvelteKit), the files the engine worker loads (listed at
 * build time in `_app/worker-files.json`, see vite.config.ts), static files and pages. The MVP
 * build of DuckDB is only for browsers without WebAssembly exceptions; caching it would double
 * the download for everyone else (it is still fetched when needed, online).
 */
async function assets(): Promise<string[]> {
  const listed = await fetch(`${base}/_app/worker-files.json`, { cache: 'no-cache' });
  if (!listed.ok) throw new Error(`worker-files.json: HTTP ${listed.status}`);
  const worker = ((await listed.json()) as string[]).map((f) => `${base}/${f}`);
  // The worker's entry is in both lists, and `addAll` refuses a list with repeats.
  return [...new Set([...build, ...worker, ...files, ...prerendered])].filter((f) => !/duckdb-mvp.*\.wasm$/.test(f));
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    Promise.all([caches.open(CACHE), assets()])
      .then(([cache, list]) => cache.addAll(list))
      .then(() => sw.skipWaiting())
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim())
  );
});

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
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
