/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline after the first visit: the app, its workers and DuckDB's WebAssembly are cached on
 * install and served from the cache. Only the page's own origin is ever involved.
 */
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `kizuna-${version}`;
// The MVP build of DuckDB is only for browsers without WebAssembly exceptions; caching it
// would double the download for everyone else (it is still fetched when needed, online).
const ASSETS = [...build.filter((f) => !/duckdb-mvp.*\.wasm$/.test(f)), ...files, ...prerendered];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS))
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
