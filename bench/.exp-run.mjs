import { runnerImport } from 'vite';
const { module } = await runnerImport('/work/main/bench/.exp.ts', { configFile: false, logLevel: 'warn' });
const exps = (await import(process.argv[2])).default;
await module.run('/work/main/' + (process.argv[3] ?? 'bench/out/orders-1m.csv'), exps);
