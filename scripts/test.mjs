// npm test: install what is missing, type-check, unit tests, build, end-to-end tests in Chromium.
import { ensureChromium, ensureDependencies, run } from './lib.mjs';

const env = { TZ: 'Asia/Tokyo' };
ensureDependencies();
ensureChromium();
console.log('• Type-checking…');
run('npx', ['svelte-kit', 'sync']);
run('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']);
console.log('• Unit tests…');
run('npx', ['vitest', 'run', '--project', 'unit'], { env });
console.log('• Building…');
run('npx', ['vite', 'build', '--logLevel', 'warn']);
console.log('• End-to-end tests (Chromium)…');
run('npx', ['vitest', 'run', '--project', 'e2e'], { env });
console.log('\n✓ All checks passed');
