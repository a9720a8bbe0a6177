#!/usr/bin/env node
/**
 * The `kizuna` command (package.json `bin`): loads the TypeScript command line through vite's
 * module runner (already installed for the app, no build step), then runs it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

try {
  await import('@duckdb/node-api');
} catch (e) {
  // An optional dependency: absent where npm could not install this platform's binary.
  console.error(`Native DuckDB (@duckdb/node-api) cannot be loaded here: ${e instanceof Error ? e.message : e}
Install it with: npm install --no-save @duckdb/node-api@1.4.3-r.3`);
  process.exit(1);
}

const { module } = await runnerImport(path.join(here, 'main.ts'), {
  configFile: false,
  logLevel: 'error',
  root: path.resolve(here, '../..'),
  // The app's tsconfig extends one that only `svelte-kit sync` writes (not run on a fresh checkout).
  tsconfig: path.join(here, 'transform.tsconfig.json')
});
process.exitCode = await module.main(process.argv.slice(2));
