/**
 * The loaded dataset kept on this device (IndexedDB), so a reload or a shared view link
 * re-opens the same data without asking for the files again. Nothing is sent anywhere.
 */
import { del, get, set } from 'idb-keyval';
import type { FilePlan } from '../ingest/types';

export type SavedDataset = { kind: 'demo' } | { kind: 'files'; files: File[]; plans: FilePlan[] };

const KEY = 'kizuna.dataset.v1';

export async function saveDataset(d: SavedDataset): Promise<void> {
  await set(KEY, d);
}

export async function loadSavedDataset(): Promise<SavedDataset | null> {
  try {
    return ((await get(KEY)) as SavedDataset | undefined) ?? null;
  } catch {
    return null;
  }
}

export async function clearSavedDataset(): Promise<void> {
  await del(KEY);
}
