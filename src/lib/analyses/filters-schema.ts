/** Snapshot schema of the global filters (see ./filters.ts). */
import * as v from 'valibot';
import type { Filters } from './filters';
import { DateSchema, type Equal } from './schema-common';

export const FiltersSchema = v.object({
  from: v.nullable(DateSchema),
  to: v.nullable(DateSchema),
  channels: v.array(v.pipe(v.string(), v.maxLength(200))),
  // MemberFilter has no exported list of its members.
  member: v.picklist(['all', 'member', 'non_member'])
});

const exact: Equal<v.InferOutput<typeof FiltersSchema>, Filters> = true;
void exact;
