/** Snapshot schemas of the NPS page's results (see ./types.ts) and settings (./view.ts). */
import * as v from 'valibot';
import { DateSchema, TextSchema, WithheldSchema, type Equal } from '../schema-common';
import { LoyalDefinitionSchema } from '../loyal/schema';
import { BANDS, READINGS, SCORE_SCALES } from './scale';
import {
  NPS_ATTRIBUTES, NPS_GRAINS,
  type NpsBehaviourResult, type NpsByResult, type NpsResult
} from './types';
import type { NpsView } from './view';
import type { CommentWordsResult } from './words';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const nCount = v.nullable(count);
const range = v.tuple([v.number(), v.number()]);
const estimate = { score: v.nullable(v.number()), lo: v.nullable(v.number()), hi: v.nullable(v.number()) };
const EstimateSchema = v.object(estimate);
const bands = { n: nCount, high: nCount, mid: nCount, low: nCount };
/** 'YYYY-MM' or 'YYYY-Qn'. */
const PeriodLabelSchema = v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/));

export const NpsViewSchema = v.object({
  grain: v.picklist(NPS_GRAINS),
  scale: v.nullable(v.picklist(SCORE_SCALES)),
  reading: v.picklist(READINGS),
  by: v.picklist(NPS_ATTRIBUTES)
});

export const NpsResultSchema = v.object({
  scale: v.picklist(SCORE_SCALES),
  reading: v.picklist(READINGS),
  ranges: v.object({ high: range, mid: range, low: range }),
  scales: v.array(v.object({ scale: v.picklist(SCORE_SCALES), answers: count })),
  grain: v.picklist(NPS_GRAINS),
  first: DateSchema,
  last: DateSchema,
  total: v.object({ n: count, high: count, mid: count, low: count, ...estimate }),
  matched: count,
  comments: count,
  periods: v.array(v.object({ period: PeriodLabelSchema, ...bands, ...estimate, withheld: v.optional(WithheldSchema) })),
  change: v.nullable(
    v.object({ diff: v.number(), lo: v.number(), hi: v.number(), p: v.number(), from: PeriodLabelSchema, to: PeriodLabelSchema })
  ),
  distribution: v.array(v.object({ score: v.number(), answers: count }))
});

export const NpsByResultSchema = v.object({
  attributes: v.array(
    v.object({
      attribute: v.picklist(NPS_ATTRIBUTES),
      groups: v.array(
        v.object({
          value: TextSchema,
          kind: v.picklist(['value', 'other', 'unknown']),
          ...bands,
          ...estimate,
          withheld: v.optional(WithheldSchema)
        })
      )
    })
  )
});

const WindowSchema = v.object({ orders: v.nullable(v.number()), spend: v.nullable(v.number()), buyers: v.nullable(v.number()) });

export const NpsBehaviourResultSchema = v.object({
  asOf: DateSchema,
  windowDays: count,
  matched: count,
  complete: count,
  rows: v.array(
    v.object({
      band: v.picklist(BANDS),
      answers: nCount,
      before: WindowSchema,
      after: WindowSchema,
      repurchase: EstimateSchema,
      retention: EstimateSchema,
      retentionBase: nCount,
      withheld: v.optional(WithheldSchema)
    })
  ),
  definition: LoyalDefinitionSchema,
  quadrant: v.array(
    v.object({
      band: v.picklist(['high', 'low']),
      loyal: v.boolean(),
      customers: nCount,
      revenue: v.nullable(v.number()),
      withheld: v.optional(WithheldSchema)
    })
  ),
  middle: nCount
});

const bandCounts = v.object({ total: count, high: count, mid: count, low: count });
/** A word as counted (../nps/words.ts tokenize): bounded, never a sentence. */
const WordSchema = v.pipe(v.string(), v.maxLength(100));
const TypicalWordSchema = v.object({ word: WordSchema, z: v.number(), low: count, high: count, respondents: count });

export const CommentWordsResultSchema = v.object({
  respondents: bandCounts,
  withWords: bandCounts,
  distinctWords: count,
  top: v.array(v.object({ word: WordSchema, respondents: count, high: count, mid: count, low: count })),
  typicalOfLow: v.array(TypicalWordSchema),
  typicalOfHigh: v.array(TypicalWordSchema),
  limits: v.object({ top: count, typical: count, minRespondents: count, minZ: v.number() })
});

const exact: [
  Equal<v.InferOutput<typeof NpsViewSchema>, NpsView>,
  Equal<v.InferOutput<typeof NpsResultSchema>, NpsResult>,
  Equal<v.InferOutput<typeof NpsByResultSchema>, NpsByResult>,
  Equal<v.InferOutput<typeof NpsBehaviourResultSchema>, NpsBehaviourResult>,
  Equal<v.InferOutput<typeof CommentWordsResultSchema>, CommentWordsResult>
] = [true, true, true, true, true];
void exact;
