import type { TestProject } from 'vitest/node';
import { preview } from 'vite';
import { existsSync } from 'node:fs';
import path from 'node:path';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

/** Serve the production build (made by `npm test` before this runs) on a free local port. */
export default async function setup(project: TestProject) {
  const root = path.resolve(__dirname, '../..');
  if (!existsSync(path.join(root, 'build', 'index.html'))) throw new Error('No build: run `npx vite build` first (npm test does).');
  const server = await preview({ root, logLevel: 'warn', preview: { port: 0, strictPort: false, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('preview server did not start');
  project.provide('baseURL', url.replace(/\/$/, ''));
  return async () => {
    await server.close();
  };
}
