import { sveltekit } from '@sveltejs/kit/vite';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** Where the service worker finds the files the engine worker loads (see src/service-worker.ts). */
const WORKER_FILES = '_app/worker-files.json';

/**
 * SvelteKit tells the service worker the build's files from the client manifest, which leaves
 * out what the engine worker loads itself: its chunks (the importer, the Excel reader) and
 * DuckDB's glue and WebAssembly. Vite adds those to the client bundle as assets; this lists them
 * in WORKER_FILES so that they are cached for offline use like the rest.
 */
function listWorkerFiles(): Plugin {
  return {
    name: 'kizuna:worker-files',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_, bundle) {
        const files = Object.keys(bundle).filter((f) => f.startsWith('_app/immutable/workers/'));
        if (files.length > 0) this.emitFile({ type: 'asset', fileName: WORKER_FILES, source: JSON.stringify(files) });
      }
    }
  };
}

/**
 * `KIZUNA_THREADS=1 npm start`: the server makes the page cross-origin isolated (COOP/COEP on
 * every response), so the app runs DuckDB's multi-threaded build (src/lib/engine/duckdb-worker.ts),
 * worth it on machines with more cores than the bench's 2. A middleware, not vite's `headers`
 * option: SvelteKit's preview answers before those apply; this one is registered before it.
 */
function crossOriginIsolation(): Plugin {
  const isolate: Connect.NextHandleFunction = (_req, res, next) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    next();
  };
  return {
    name: 'kizuna:cross-origin-isolation',
    configureServer: (server) => void server.middlewares.use(isolate),
    configurePreviewServer: (server) => void server.middlewares.use(isolate)
  };
}

export default defineConfig({
  plugins: [...(process.env.KIZUNA_THREADS === '1' ? [crossOriginIsolation()] : []), sveltekit(), listWorkerFiles()],
  worker: { format: 'es' },
  build: { chunkSizeWarningLimit: 2000 },
  preview: { port: 4173, strictPort: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          env: { TZ: 'Asia/Tokyo' },
          testTimeout: 120_000,
          hookTimeout: 120_000
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          env: { TZ: 'Asia/Tokyo' },
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false
        }
      }
    ]
  }
});
