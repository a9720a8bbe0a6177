/**
 * "Followed up" marks on survey answers, kept on this device (IndexedDB) and nowhere else:
 * answer key (`response_key`, stable across reloads of the same file) → when the mark was set.
 * The marks outlive a reload and a new load of the same file; they never enter a snapshot,
 * share link or report.
 *
 * The core is plain functions over a record of marks; the store on top keeps them reactive and
 * writes each change through a small storage adapter (IndexedDB in the app, memory in tests).
 * A change is written as a read-modify-write of the stored record, so marks set in another tab
 * in the meantime are kept.
 */
import { get, update } from 'idb-keyval';

/** Answer key → the time its mark was set (ISO 8601, UTC). */
export type FollowUpMarks = Readonly<Record<string, string>>;

/** Where marks are kept: one stored value, read whole and updated in one step. */
export interface MarksStorage {
  read(): Promise<unknown>;
  update(change: (stored: unknown) => unknown): Promise<void>;
}

const STORAGE_KEY = 'kizuna.followups.v1';

/** The marks in a stored value; anything that is not a mark (a damaged or foreign value) is dropped. */
export function readMarks(stored: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return out;
  for (const [key, at] of Object.entries(stored)) {
    if (key && typeof at === 'string' && Number.isFinite(Date.parse(at))) out[key] = at;
  }
  return out;
}

/** The marks with `key` marked at `now` (a mark already set keeps its time) or unmarked. */
export function withMark(marks: FollowUpMarks, key: string, on: boolean, now: Date): Record<string, string> {
  const out: Record<string, string> = Object.assign(Object.create(null), marks);
  if (!on) delete out[key];
  else if (!(key in out)) out[key] = now.toISOString();
  return out;
}

/** A mark's time as a person reads it and a spreadsheet sorts it: 'YYYY-MM-DD HH:MM' in the local time zone. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The browser's IndexedDB (idb-keyval's default store). */
export const idbMarksStorage: MarksStorage = {
  read: () => get(STORAGE_KEY),
  update: (change) => update(STORAGE_KEY, change)
};

/** Marks in memory, for tests; `stored` is what a reload would read. */
export function memoryMarksStorage(initial?: unknown): MarksStorage & { stored: unknown } {
  const s = {
    stored: initial,
    read: async () => s.stored,
    update: async (change: (stored: unknown) => unknown) => {
      s.stored = structuredClone(change(s.stored));
    }
  };
  return s;
}

export class FollowUpStore {
  /** The marks as known on this page (reactive). */
  marks = $state.raw<FollowUpMarks>({});
  loaded = $state(false);
  /** The last storage failure (private browsing, quota), or ''. Marks then last for this page only. */
  error = $state('');
  private loading: Promise<void> | null = null;

  constructor(private readonly storage: MarksStorage) {}

  /** Read the stored marks once (later calls wait for the same read). */
  load(): Promise<void> {
    this.loading ??= this.storage.read().then(
      (stored) => {
        // Marks set before the read finished win over the stored ones.
        this.marks = Object.assign(readMarks(stored), this.marks);
        this.loaded = true;
      },
      (e) => {
        this.error = e instanceof Error ? e.message : String(e);
        this.loaded = true;
      }
    );
    return this.loading;
  }

  has(key: string): boolean {
    return key in this.marks;
  }

  /** When the mark on `key` was set (ISO), or null. */
  at(key: string): string | null {
    return this.marks[key] ?? null;
  }

  /** Set or clear a mark: shown at once, then written. */
  async set(key: string, on: boolean, now = new Date()): Promise<void> {
    this.marks = withMark(this.marks, key, on, now);
    const at = new Date(this.marks[key] ?? now);
    try {
      await this.storage.update((stored) => withMark(readMarks(stored), key, on, at));
      this.error = '';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** Forget every mark, on this page and in storage (the header's "Clear data"). */
  async clear(): Promise<void> {
    this.marks = {};
    try {
      await this.storage.update(() => ({}));
      this.error = '';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** Every mark as (key, local time text), for the list's SQL. */
  list(): { key: string; at: string }[] {
    return Object.entries(this.marks).map(([key, at]) => ({ key, at: localDateTime(at) }));
  }
}

/** The marks of this device. */
export const followUps = new FollowUpStore(idbMarksStorage);
