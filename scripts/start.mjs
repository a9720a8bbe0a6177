// npm start: install what is missing, build, and serve the app (open /?demo for the demo shop).
import { preview } from 'vite';
import { ensureDependencies, root, run } from './lib.mjs';

ensureDependencies();
console.log('• Building…');
run('npx', ['vite', 'build', '--logLevel', 'warn']);
const port = Number(process.env.PORT ?? 4173);
const server = await preview({ root, preview: { port, strictPort: false, host: process.env.HOST ?? 'localhost' } });
const url = server.resolvedUrls?.local[0] ?? `http://localhost:${port}/`;
console.log(`\n  絆 Kizuna is running at ${url}\n  The demo shop opens at ${url}?demo\n  (Ctrl+C to stop)\n`);
