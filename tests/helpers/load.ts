import { expect } from 'vitest';
import type { NodeDatabase } from './duckdb';
import { textFile } from './files';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { loadDataset, type LoadReport } from '../../src/lib/ingest/load';
import type { FilePlan } from '../../src/lib/ingest/types';

/**
 * Load text files through the real importer, as a user would: inspect, (optionally) adjust the
 * proposed plans as on the mapping screen, load. Fails the test when a row is rejected.
 */
export async function loadFiles(
  db: NodeDatabase,
  files: { name: string; text: string }[],
  fix?: (plans: FilePlan[]) => void
): Promise<LoadReport> {
  const plans: FilePlan[] = [];
  for (const [i, f] of files.entries()) {
    const ins = await inspectFile(db, textFile(f.name, f.text), i);
    if (!ins.plan) throw new Error(`${f.name}: ${JSON.stringify(ins.problem)}`);
    plans.push(ins.plan);
  }
  fix?.(plans);
  const report = await loadDataset(db, plans, { today: '2026-11-23' });
  for (const f of report.files) expect(f.rejected, f.fileName).toBe(0);
  return report;
}
