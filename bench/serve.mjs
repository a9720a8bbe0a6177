/**
 * Builds (only when the sources are newer than the build) and serves the app and the bare page
 * with vite's preview server on free localhost ports.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { preview } from 'vite';

/** Newest modification time of the given files and folders (recursively), in ms. */
function newest(paths) {
  let t = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else t = Math.max(t, s.mtimeMs);
  };
  paths.forEach(visit);
  return t;
}

function buildIfStale(root, { output, inputs, args, what }) {
  const out = path.join(root, output);
  if (existsSync(out) && statSync(out).mtimeMs >= newest(inputs.map((i) => path.join(root, i)))) return false;
  console.log(`• Building ${what} (${['npx vite build', ...args].join(' ')})…`);
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`building ${what} failed`);
  return true;
}

export function buildApp(root) {
  return buildIfStale(root, {
    what: 'the app',
    output: 'build/index.html',
    inputs: ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'],
    args: []
  });
}

export function buildBare(root) {
  return buildIfStale(root, {
    what: 'the bare duckdb-wasm page',
    output: 'bench/out/bare/index.html',
    // The bare page bundles the app's importer, SQL builders and engine setup, so those count too.
    inputs: ['bench/bare', 'bench/queries.ts', 'src/lib/analyses', 'src/lib/engine', 'src/lib/ingest', 'package-lock.json'],
    args: ['--config', 'bench/bare/vite.config.mjs']
  });
}

const LOCAL = { port: 0, strictPort: false, host: '127.0.0.1' };

async function serve(config) {
  const server = await preview({ logLevel: 'warn', ...config, preview: LOCAL });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('preview server did not start');
  return { url, close: () => server.close() };
}

/** Every /_app/ file the page's HTML refers to is in the copy (no half-written build was copied). */
function complete(dir) {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  return [...html.matchAll(/["'](\/_app\/[^"']+)["']/g)].every(([, ref]) => existsSync(path.join(dir, ref)));
}

/**
 * A private copy of build/. Other people's `vite build` runs (npm test) rewrite build/ and
 * .svelte-kit/output (which SvelteKit's own preview serves) with new file names at any time; a
 * page served from there can lose its chunks mid-measurement. The copy stays as it was.
 */
function snapshotApp(root) {
  const src = path.join(root, 'build');
  const dst = path.join(root, 'bench/out/app');
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = statSync(path.join(src, 'index.html')).mtimeMs;
    rmSync(dst, { recursive: true, force: true });
    cpSync(src, dst, { recursive: true });
    if (statSync(path.join(src, 'index.html')).mtimeMs === before && complete(dst)) return dst;
  }
  throw new Error('build/ kept changing while it was copied; try again when no build is running');
}

/**
 * The app's static build, as any static host would serve it: `/overview` → overview.html
 * (vite's "mpa" fallback), files revalidated by ETag (vite's preview sends no long cache headers).
 */
export function serveApp(root) {
  const dir = snapshotApp(root);
  return serve({ configFile: false, root: path.dirname(dir), appType: 'mpa', build: { outDir: dir } });
}

export const serveBare = (root) => serve({ configFile: path.join(root, 'bench/bare/vite.config.mjs') });
