import { runnerImport } from 'vite';
const { module } = await runnerImport(process.cwd() + '/bench/.demo.ts', { configFile: false, logLevel: 'warn' });
await module.run();
