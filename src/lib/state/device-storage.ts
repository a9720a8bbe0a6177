/**
 * Everything Kizuna keeps in this browser, listed with its size and erased in one step (the
 * settings page). Kept here: the loaded dataset's copy and the follow-up marks (IndexedDB,
 * idb-keyval's store), remembered column mappings, goals and the display language
 * (localStorage), the app itself for offline use (Cache Storage) and the service worker that
 * serves it. Anything else found under this origin is listed too, under its own name: the
 * page is the user's account of what is on their device, not of what we expect to be there.
 *
 * The classification is pure (a key and its value → an item), so it is tested without a browser.
 */
import { clear as clearKeyval, entries as keyvalEntries } from 'idb-keyval';

export type StoredKind =
  | 'dataset'
  | 'followups'
  | 'mappings'
  | 'goals'
  | 'locale'
  | 'other'
  | 'cache'
  | 'serviceWorker';

export type StoredWhere = 'indexedDB' | 'localStorage' | 'sessionStorage' | 'cache' | 'serviceWorker';

export interface StoredItem {
  kind: StoredKind;
  where: StoredWhere;
  /** Its name where it is kept: a key (or key prefix), a cache's name, a worker's scope. */
  name: string;
  /** How many things it holds (files, marks, mappings, cached files), where that says more than its size. */
  count: number | null;
  /** Its size in bytes, or null where the browser does not tell. */
  bytes: number | null;
  /** The dataset's file names; empty for the demo (which is generated again, not stored). */
  files?: string[];
  demo?: boolean;
}

/** idb-keyval's database: its keys are listed one by one, not as a database of their own. */
export const KEYVAL_DB = 'keyval-store';
const MAPPING_PREFIX = 'kizuna.mapping.';

/**
 * About how many bytes a value takes when stored: Blobs (Files) by their size, text as UTF-16
 * (what localStorage and structured clones hold), numbers as 8; containers by their contents.
 */
export function approxBytes(value: unknown, seen = new Set<object>()): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return value.length * 2;
  if (typeof value === 'number' || typeof value === 'bigint') return 8;
  if (typeof value === 'boolean') return 4;
  if (typeof value !== 'object') return 0;
  if (typeof Blob !== 'undefined' && value instanceof Blob) return value.size;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (seen.has(value)) return 0;
  seen.add(value);
  if (value instanceof Date) return 8;
  let n = 0;
  if (value instanceof Map) for (const [k, v] of value) n += approxBytes(k, seen) + approxBytes(v, seen);
  else if (value instanceof Set) for (const v of value) n += approxBytes(v, seen);
  else if (Array.isArray(value)) for (const v of value) n += approxBytes(v, seen);
  else for (const [k, v] of Object.entries(value)) n += k.length * 2 + approxBytes(v, seen);
  return n;
}

/** What one IndexedDB entry (idb-keyval's store) is. */
export function classifyKeyval(key: IDBValidKey, value: unknown): StoredItem {
  const name = String(key);
  const bytes = approxBytes(value) + approxBytes(name);
  if (name === 'kizuna.dataset.v1' && value && typeof value === 'object') {
    const v = value as { kind?: string; files?: unknown[]; plans?: { fileName?: string }[] };
    if (v.kind === 'demo') return { kind: 'dataset', where: 'indexedDB', name, count: null, bytes, files: [], demo: true };
    const files = (v.files ?? []).map((f, i) => (f instanceof Object && 'name' in f ? String((f as File).name) : (v.plans?.[i]?.fileName ?? '')));
    return { kind: 'dataset', where: 'indexedDB', name, count: files.length, bytes, files };
  }
  if (name === 'kizuna.followups.v1') {
    const count = value && typeof value === 'object' ? Object.keys(value).length : 0;
    return { kind: 'followups', where: 'indexedDB', name, count, bytes };
  }
  return { kind: 'other', where: 'indexedDB', name, count: null, bytes };
}

/** What a Web Storage area holds: the mappings grouped as one item, every other key by its name. */
export function classifyWebStorage(storage: Storage, where: 'localStorage' | 'sessionStorage'): StoredItem[] {
  const out: StoredItem[] = [];
  let mappings: StoredItem | null = null;
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key === null) continue;
    const bytes = (key.length + (storage.getItem(key) ?? '').length) * 2;
    if (where === 'localStorage' && key.startsWith(MAPPING_PREFIX)) {
      mappings ??= { kind: 'mappings', where, name: MAPPING_PREFIX + '*', count: 0, bytes: 0 };
      mappings.count!++;
      mappings.bytes! += bytes;
      continue;
    }
    const kind: StoredKind = where !== 'localStorage' ? 'other' : key === 'kizuna.goals' ? 'goals' : key === 'kizuna.locale' ? 'locale' : 'other';
    out.push({ kind, where, name: key, count: null, bytes });
  }
  if (mappings) out.unshift(mappings);
  return out;
}

const ORDER: StoredKind[] = ['dataset', 'followups', 'mappings', 'goals', 'locale', 'other', 'cache', 'serviceWorker'];

/** Items in the order the page lists them: the user's own data first, the app's copy of itself last. */
export function sortItems(items: StoredItem[]): StoredItem[] {
  return [...items].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.name.localeCompare(b.name));
}

/** A cached response's size: its Content-Length, else its body read. */
async function responseBytes(res: Response | undefined): Promise<number> {
  if (!res) return 0;
  const length = Number(res.headers.get('content-length'));
  if (Number.isFinite(length) && length > 0) return length;
  return (await res.blob()).size;
}

async function cacheItems(): Promise<StoredItem[]> {
  if (typeof caches === 'undefined') return [];
  const out: StoredItem[] = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const requests = await cache.keys();
    let bytes = 0;
    for (const r of requests) bytes += await responseBytes(await cache.match(r));
    out.push({ kind: 'cache', where: 'cache', name, count: requests.length, bytes });
  }
  return out;
}

async function workerItems(): Promise<StoredItem[]> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return [];
  const registrations = await navigator.serviceWorker.getRegistrations();
  return registrations.map((r) => ({ kind: 'serviceWorker' as const, where: 'serviceWorker' as const, name: r.scope, count: null, bytes: null }));
}

/** IndexedDB databases other than idb-keyval's (none is expected: listed should one appear). */
async function otherDatabases(): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
  return (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n && n !== KEYVAL_DB);
}

export interface Inventory {
  items: StoredItem[];
  /** What the browser counts for this site in all (navigator.storage.estimate), where it tells. */
  usage: number | null;
}

/** Everything kept under this origin, listed. */
export async function inventory(): Promise<Inventory> {
  const items: StoredItem[] = [];
  if (typeof indexedDB !== 'undefined') {
    for (const [key, value] of await keyvalEntries()) items.push(classifyKeyval(key, value));
    for (const name of await otherDatabases()) items.push({ kind: 'other', where: 'indexedDB', name, count: null, bytes: null });
  }
  if (typeof localStorage !== 'undefined') items.push(...classifyWebStorage(localStorage, 'localStorage'));
  if (typeof sessionStorage !== 'undefined') items.push(...classifyWebStorage(sessionStorage, 'sessionStorage'));
  items.push(...(await cacheItems()), ...(await workerItems()));
  let usage: number | null = null;
  try {
    usage = (await navigator.storage?.estimate?.())?.usage ?? null;
  } catch {
    usage = null;
  }
  return { items: sortItems(items), usage };
}

/**
 * Erase everything under this origin: IndexedDB (idb-keyval's store emptied, any other database
 * deleted), localStorage, sessionStorage, every cache, and the service worker (the app is
 * fetched and cached again on the next visit with a network).
 */
export async function eraseAll(): Promise<void> {
  if (typeof indexedDB !== 'undefined') {
    await clearKeyval();
    for (const name of await otherDatabases()) {
      await new Promise<void>((resolve) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = req.onerror = req.onblocked = () => resolve();
      });
    }
  }
  localStorage.clear();
  sessionStorage.clear();
  if (typeof caches !== 'undefined') for (const name of await caches.keys()) await caches.delete(name);
  if ('serviceWorker' in navigator) for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
}
