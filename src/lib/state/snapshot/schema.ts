/**
 * The snapshot: what a share link or a report file carries. Versioned (`v`); a decoder reads
 * every older version through `./migrate.ts`. Everything in it is an aggregate that the
 * snapshot rules allow (see analyses/withhold.ts): no customer ids, names, e-mails, phone
 * numbers, comments or customer lists, and no file names.
 *
 * Version 1: the first version.
 */
import * as v from 'valibot';
import { FiltersSchema } from '../../analyses/filters-schema';
import { OverviewResultSchema } from '../../analyses/overview/schema';
import { LoyalDefinitionSchema, LoyalResultSchema } from '../../analyses/loyal/schema';
import { RfmResultSchema } from '../../analyses/rfm/schema';
import { CpmResultSchema } from '../../analyses/cpm/schema';
import { MovementResultSchema } from '../../analyses/movement/schema';
import { SegmentsViewSchema } from '../../analyses/segments-view-schema';
import { CohortResultSchema, CohortViewSchema, SecondPurchaseResultSchema } from '../../analyses/cohorts/schema';
import { ClvResultSchema, ClvViewSchema } from '../../analyses/clv/schema';
import { CommentWordsResultSchema, NpsBehaviourResultSchema, NpsByResultSchema, NpsResultSchema, NpsViewSchema } from '../../analyses/nps/schema';
import { ProgrammeResultSchema } from '../../analyses/programme/schema';
import { CampaignsResultSchema } from '../../analyses/campaigns/schema';
import { TiersOutcomeSchema } from '../../analyses/tiers/schema';
import { PointsOutcomeSchema } from '../../analyses/points/schema';
import { ReferralOutcomeSchema } from '../../analyses/referral/schema';
import { GoalsResultSchema, GoalsViewSchema } from '../../analyses/goals/schema';
import { DateSchema, TextSchema } from '../../analyses/schema-common';
import { localToday } from '../../analyses/period';
import type { PageView } from '../../pages/specs';
import type { PageResults } from '../../pages/compute';
import { PAGE_IDS, type PageId } from '../../pages/ids';

export const SNAPSHOT_VERSION = 1;

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const DatasetSchema = v.object({
  /** Rows loaded, over all files. */
  rows: count,
  /** Identified customers and orders in the orders file(s); null without orders. */
  customers: v.nullable(count),
  orders: v.nullable(count),
  /** First and last order day. */
  from: v.nullable(DateSchema),
  to: v.nullable(DateSchema)
});

/** A snapshot never names the worker's table of per-customer predictions (see analyses/clv/withhold.ts). */
const SharedClvSchema = v.object({ ...ClvResultSchema.entries, table: v.null() });

const PageSchema = v.variant('id', [
  v.object({ id: v.literal('overview'), view: v.object({}), results: v.object({ overview: v.nullable(OverviewResultSchema) }) }),
  v.object({ id: v.literal('loyal'), view: LoyalDefinitionSchema, results: v.object({ loyal: v.nullable(LoyalResultSchema) }) }),
  v.object({
    id: v.literal('segments'),
    view: SegmentsViewSchema,
    results: v.object({
      rfm: v.optional(v.nullable(RfmResultSchema)),
      cpm: v.optional(v.nullable(CpmResultSchema)),
      movement: v.nullable(MovementResultSchema)
    })
  }),
  v.object({
    id: v.literal('cohorts'),
    view: CohortViewSchema,
    results: v.object({ cohorts: v.nullable(CohortResultSchema), second: v.nullable(SecondPurchaseResultSchema) })
  }),
  v.object({ id: v.literal('clv'), view: ClvViewSchema, results: v.object({ clv: v.nullable(SharedClvSchema) }) }),
  v.object({
    id: v.literal('nps'),
    view: NpsViewSchema,
    results: v.object({
      nps: v.nullable(NpsResultSchema),
      npsBy: v.nullable(NpsByResultSchema),
      npsBehaviour: v.nullable(NpsBehaviourResultSchema),
      npsWords: v.nullable(CommentWordsResultSchema)
    })
  }),
  v.object({ id: v.literal('programme'), view: v.object({}), results: v.object({ programme: v.nullable(ProgrammeResultSchema) }) }),
  v.object({
    id: v.literal('campaigns'),
    view: v.object({ campaign: v.nullable(TextSchema) }),
    results: v.object({ campaigns: v.nullable(CampaignsResultSchema) })
  }),
  v.object({
    id: v.literal('tiers'),
    view: v.object({}),
    results: v.object({ tiers: v.nullable(TiersOutcomeSchema), points: v.nullable(PointsOutcomeSchema) })
  }),
  v.object({ id: v.literal('referral'), view: v.object({}), results: v.object({ referral: v.nullable(ReferralOutcomeSchema) }) }),
  v.object({ id: v.literal('goals'), view: GoalsViewSchema, results: v.object({ goals: v.nullable(GoalsResultSchema) }) })
]);

export const SnapshotSchema = v.object({
  v: v.literal(SNAPSHOT_VERSION),
  /** When it was made (ISO 8601, UTC). */
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  /** The Kizuna version that made it. */
  app: v.pipe(v.string(), v.maxLength(40)),
  /** The language it was made in (the reader sees their own). */
  locale: v.picklist(['ja', 'en']),
  /** What the amounts are in (ISO 4217). */
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)),
  dataset: DatasetSchema,
  filters: FiltersSchema,
  /** One page for a link; one or all for a report (each page at most once). */
  pages: v.pipe(v.array(PageSchema), v.minLength(1), v.maxLength(PAGE_IDS.length))
});

export type Snapshot = v.InferOutput<typeof SnapshotSchema>;

/** The day a snapshot was made, in the reader's time zone (YYYY-MM-DD). */
export const createdDay = (s: Snapshot): string => localToday(new Date(s.createdAt));
export type SnapshotPage = Snapshot['pages'][number];
export type SnapshotDataset = Snapshot['dataset'];

/** A page of a snapshot as the page specs see it (the schema's types are the specs' types). */
export type PageOf<P extends PageId> = { id: P; view: PageView<P>; results: PageResults<P> };
// Every page the specs describe has a schema above, with the same view and results.
const typesAgree: { [P in PageId]: Extract<SnapshotPage, { id: P }> extends PageOf<P> ? true : never } = {
  overview: true, loyal: true, segments: true, cohorts: true, clv: true, nps: true, programme: true, campaigns: true, tiers: true, referral: true, goals: true
};
void typesAgree;
