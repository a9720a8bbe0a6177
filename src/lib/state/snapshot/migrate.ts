/**
 * Older snapshots keep opening: MIGRATIONS[n] turns a version-n snapshot into version n + 1, so
 * a link made by any earlier Kizuna is brought to the current version one step at a time and
 * then checked by the current schema like a new one. When the schema changes in a way an old
 * snapshot does not already satisfy, raise SNAPSHOT_VERSION (./schema.ts), add the step from
 * the previous version here, and keep a link of the previous version in
 * tests/fixtures/snapshots/ (the tests open every one of them).
 *
 * Version 1 is the first: there is nothing older to migrate yet.
 */
import { SNAPSHOT_VERSION } from './schema';

type Step = (old: Record<string, unknown>) => Record<string, unknown>;

export const MIGRATIONS: Readonly<Record<number, Step>> = {};

export type Migrated = { ok: true; value: unknown } | { ok: false; problem: 'future-version' | 'invalid' };

export function migrate(json: unknown, version: unknown): Migrated {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return { ok: false, problem: 'invalid' };
  if (version > SNAPSHOT_VERSION) return { ok: false, problem: 'future-version' };
  let value = json as Record<string, unknown>;
  try {
    for (let n = version; n < SNAPSHOT_VERSION; n++) {
      const step = MIGRATIONS[n];
      if (!step) return { ok: false, problem: 'invalid' };
      value = step(value);
    }
  } catch {
    // A damaged old snapshot can break a step; the schema would refuse it anyway.
    return { ok: false, problem: 'invalid' };
  }
  return { ok: true, value };
}
