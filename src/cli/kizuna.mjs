#!/usr/bin/env node
/**
 * The `kizuna` command (package.json `bin`): runs the TypeScript command line in vite's module
 * runner (vite is installed for the app: no build step, nothing more to install). The runner stays
 * open while the command runs, for the modules the app loads only when needed (the Excel reader).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunnableDevEnvironment, resolveConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

try {
  await import('@duckdb/node-api');
} catch (e) {
  // An optional dependency: absent where npm could not install this platform's binary.
  console.error(`Native DuckDB (@duckdb/node-api) cannot be loaded here: ${e instanceof Error ? e.message : e}
Install it with: npm install --no-save @duckdb/node-api@1.4.3-r.3`);
  process.exit(1);
}

// What vite's own runnerImport sets up, without closing the runner after the first import.
const config = await resolveConfig(
  {
    configFile: false,
    envDir: false,
    logLevel: 'error',
    root: path.resolve(here, '../..'),
    cacheDir: process.cwd(),
    // The app's tsconfig extends one that only `svelte-kit sync` writes (not run on a fresh checkout).
    tsconfig: path.join(here, 'transform.tsconfig.json'),
    environments: {
      cli: {
        consumer: 'server',
        dev: { moduleRunnerTransform: true },
        resolve: { external: true, mainFields: [], conditions: ['node'] }
      }
    }
  },
  'serve'
);
const environment = createRunnableDevEnvironment('cli', config, { runnerOptions: { hmr: { logger: false } }, hot: false });
await environment.init();
try {
  const { main } = await environment.runner.import(path.join(here, 'main.ts'));
  process.exitCode = await main(process.argv.slice(2));
} finally {
  await environment.close();
}
