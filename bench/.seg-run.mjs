import { runnerImport } from 'vite';
const { module } = await runnerImport('/work/main/bench/.seg.ts', { configFile: false, logLevel: 'warn' });
await module.run('/work/main/' + (process.argv[2] ?? 'bench/out/orders-1m.csv'));
