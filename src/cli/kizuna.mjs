#!/usr/bin/env node
/**
 * The `kizuna` command (package.json `bin`): loads the TypeScript command line through vite's
 * module runner (already installed for the app, no build step), then runs it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const { module } = await runnerImport(path.join(here, 'main.ts'), {
  configFile: false,
  logLevel: 'error',
  root: path.resolve(here, '../..'),
  tsconfig: path.join(here, 'transform.tsconfig.json')
});
process.exitCode = await module.main(process.argv.slice(2));
