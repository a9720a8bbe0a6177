import { runnerImport } from 'vite';
import path from 'node:path';
const root = '/work/main';
const { module } = await runnerImport(path.join(root, 'bench/profile.ts'), { configFile: false, logLevel: 'warn' });
const file = process.argv[2] ?? 'bench/out/orders-1m.csv';
const t = performance.now();
const steps = await module.profileAppLoad(path.join(root, file));
let sum = 0;
for (const s of steps.sort((a,b)=>b.ms-a.ms)) { sum += s.ms; console.log(s.ms.toFixed(0).padStart(7), s.step); }
console.log('total', sum.toFixed(0), 'wall', (performance.now()-t).toFixed(0));
