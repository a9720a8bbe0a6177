// The bare duckdb-wasm page: no SvelteKit, no app code beyond the shared SQL builders.
import { defineConfig } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { outDir: path.resolve(here, '../out/bare'), emptyOutDir: true, chunkSizeWarningLimit: 5000 },
  // The bench serves the build with preview() on a free port, cross-origin isolated for the
  // threaded build (?threads=N); the single-threaded one runs the same either way.
  preview: {
    host: '127.0.0.1', port: 0, strictPort: false,
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
  }
});
