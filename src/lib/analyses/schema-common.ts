/**
 * Pieces shared by the analyses' snapshot schemas (`<analysis>/schema.ts`): results decoded from
 * untrusted input (share links, report files) are validated with these before a page sees them.
 */
import * as v from 'valibot';
import type { Period } from './period';
import type { BoxStats } from './rfm/types';
import type { Withheld } from './withhold';

/**
 * True when A and B are the same type (not merely assignable to each other: optional vs
 * required, readonly and `any` all count). Each schema file proves with it that the schema's
 * output is exactly the TypeScript type it mirrors.
 */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Whether a YYYY-MM-DD string names a day of the calendar (2024-02-30 does not). */
function isCalendarDate(s: string): boolean {
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}

/** A calendar date, YYYY-MM-DD. */
export const DateSchema = v.pipe(v.string(), v.regex(DATE), v.check(isCalendarDate));

/** A calendar month, YYYY-MM (the types say `string`). */
export const MonthSchema = v.pipe(v.string(), v.regex(MONTH));

/** A string that comes from the data (an attribute value, a channel) or a message: bounded in length. */
export const TextSchema = v.pipe(v.string(), v.maxLength(1000));

/** The withhold reasons of ../withhold.ts (`Withheld` has no exported list of its members). */
export const WithheldSchema = v.picklist(['small', 'complement']);

/**
 * An object whose keys are all optional (a `Partial<Record<…>>`). `v.object` alone takes an array
 * for it, since an array has none of the keys; this rejects anything but a plain object first.
 */
export function optionalKeysObject<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<unknown>((x) => typeof x === 'object' && x !== null && !Array.isArray(x)),
    v.object(entries)
  );
}

export const PeriodSchema = v.object({
  from: DateSchema,
  to: DateSchema,
  previousFrom: DateSchema,
  previousTo: DateSchema
});

export const BoxStatsSchema = v.object({
  min: v.number(),
  q1: v.number(),
  median: v.number(),
  q3: v.number(),
  max: v.number()
});

const exact: [
  Equal<v.InferOutput<typeof WithheldSchema>, Withheld>,
  Equal<v.InferOutput<typeof PeriodSchema>, Period>,
  Equal<v.InferOutput<typeof BoxStatsSchema>, BoxStats>
] = [true, true, true];
void exact;
