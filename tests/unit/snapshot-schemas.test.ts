/**
 * The snapshot schemas (src/lib/analyses/**\/schema.ts) against real results: every analysis run
 * on the demo data through real DuckDB, live and as a snapshot withholds it (the whole data and
 * small filtered slices that withhold groups), must parse to itself; and a valid result with any
 * one leaf changed to a value of another JSON type must be rejected, unless the type allows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as v from 'valibot';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { generateDemo } from '../../src/lib/demo/generate';
import { NO_FILTERS, type Filters } from '../../src/lib/analyses/filters';
import { addDays } from '../../src/lib/analyses/period';
import { runOverview } from '../../src/lib/analyses/overview/run';
import { withholdOverview } from '../../src/lib/analyses/overview/withhold';
import { OverviewResultSchema } from '../../src/lib/analyses/overview/schema';
import { runLoyal } from '../../src/lib/analyses/loyal/run';
import { DEFAULT_LOYAL } from '../../src/lib/analyses/loyal/definition';
import { withholdLoyal } from '../../src/lib/analyses/loyal/withhold';
import { LoyalDefinitionSchema, LoyalResultSchema } from '../../src/lib/analyses/loyal/schema';
import { runRfm } from '../../src/lib/analyses/rfm/run';
import { withholdRfm } from '../../src/lib/analyses/rfm/withhold';
import { RfmResultSchema } from '../../src/lib/analyses/rfm/schema';
import { runCpm } from '../../src/lib/analyses/cpm/run';
import { DEFAULT_CPM_THRESHOLDS } from '../../src/lib/analyses/cpm/thresholds';
import { withholdCpm } from '../../src/lib/analyses/cpm/withhold';
import { CpmResultSchema } from '../../src/lib/analyses/cpm/schema';
import { runMovement } from '../../src/lib/analyses/movement/run';
import { withholdMovement } from '../../src/lib/analyses/movement/withhold';
import { MovementResultSchema } from '../../src/lib/analyses/movement/schema';
import { runCohorts, runSecondPurchase } from '../../src/lib/analyses/cohorts/run';
import { withholdCohorts, withholdSecondPurchase } from '../../src/lib/analyses/cohorts/withhold';
import { CohortResultSchema, CohortViewSchema, SecondPurchaseResultSchema } from '../../src/lib/analyses/cohorts/schema';
import { cohortViewFromParams } from '../../src/lib/analyses/cohorts/view';
import { runClv } from '../../src/lib/analyses/clv/run';
import { withholdClv } from '../../src/lib/analyses/clv/withhold';
import { CLV_DEFAULTS } from '../../src/lib/analyses/clv/types';
import { BgNbdParamsSchema, ClvResultSchema, ClvViewSchema } from '../../src/lib/analyses/clv/schema';
import { clvViewFromParams } from '../../src/lib/analyses/clv/view';
import { segmentsViewFromParams } from '../../src/lib/analyses/segments-view';
import { SegmentsViewSchema } from '../../src/lib/analyses/segments-view-schema';
import { FiltersSchema } from '../../src/lib/analyses/filters-schema';
import { DateSchema } from '../../src/lib/analyses/schema-common';
import { runTiers } from '../../src/lib/analyses/tiers/run';
import { withholdMovement as withholdTierMovement, withholdTiers } from '../../src/lib/analyses/tiers/withhold';
import type { TierMovement, TiersResult } from '../../src/lib/analyses/tiers/types';
import { TiersOutcomeSchema } from '../../src/lib/analyses/tiers/schema';
import { runPoints } from '../../src/lib/analyses/points/run';
import { withholdPoints } from '../../src/lib/analyses/points/withhold';
import { PointsOutcomeSchema } from '../../src/lib/analyses/points/schema';
import { runReferral } from '../../src/lib/analyses/referral/run';
import { withholdReferral } from '../../src/lib/analyses/referral/withhold';
import { ReferralOutcomeSchema } from '../../src/lib/analyses/referral/schema';
import { runGoals } from '../../src/lib/analyses/goals/run';
import { withholdGoals } from '../../src/lib/analyses/goals/withhold';
import { GoalsResultSchema, GoalsViewSchema } from '../../src/lib/analyses/goals/schema';
import { goalsViewFromParams } from '../../src/lib/analyses/goals/view';

type Schema = v.GenericSchema;
interface Case {
  name: string;
  value: unknown;
}

// ───────────── leaves of a JSON value, and what a schema allows at a path ─────────────

type Path = (string | number)[];
type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

function kindOf(x: unknown): Kind {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  const t = typeof x;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object') return t;
  throw new Error(`not a JSON value: ${String(x)}`);
}

/** Paths to every primitive, empty array and empty object in `x`. */
function leafPaths(x: unknown, at: Path = [], out: Path[] = []): Path[] {
  const kind = kindOf(x);
  if (kind === 'array' && (x as unknown[]).length > 0) (x as unknown[]).forEach((y, i) => leafPaths(y, [...at, i], out));
  else if (kind === 'object' && Object.keys(x as object).length > 0)
    for (const [k, y] of Object.entries(x as object)) leafPaths(y, [...at, k], out);
  else out.push(at);
  return out;
}

/** The same path for every element of an array: `cohorts.*.cells.*.ltv`. */
const pattern = (p: Path) => p.map((k) => (typeof k === 'number' ? '*' : k)).join('.');

/** A schema node as valibot builds it (only what the walk below reads). */
interface Node {
  kind: string;
  type: string;
  pipe?: Node[];
  wrapped?: Node;
  entries?: Record<string, Node>;
  item?: Node;
  options?: unknown[];
  literal?: unknown;
}

/** The schemas a value at this node may match: wrappers and unions opened, a pipe by its last schema. */
function alternatives(s: Node): (Node | 'null')[] {
  const schemas = s.pipe?.filter((p) => p.kind === 'schema');
  const b = schemas && schemas[schemas.length - 1] !== s ? schemas[schemas.length - 1] : s;
  if (b !== s) return alternatives(b);
  if (s.type === 'nullable') return ['null', ...alternatives(s.wrapped!)];
  if (s.type === 'optional') return alternatives(s.wrapped!);
  if (s.type === 'union' || s.type === 'variant') return (s.options as Node[]).flatMap(alternatives);
  return [s];
}

/** The JSON kinds the schema accepts at `path` (by its declared shape). */
function allowedKinds(schema: Schema, path: Path): Set<Kind> {
  let nodes: (Node | 'null')[] = alternatives(schema as unknown as Node);
  for (const key of path) {
    nodes = nodes.flatMap((n) => {
      if (n === 'null') return [];
      if (n.type === 'object' && typeof key === 'string' && n.entries![key]) return alternatives(n.entries![key]);
      if (n.type === 'array' && typeof key === 'number') return alternatives(n.item!);
      return [];
    });
  }
  const kinds = new Set<Kind>();
  for (const n of nodes) {
    if (n === 'null') kinds.add('null');
    else if (n.type === 'picklist') n.options!.forEach((o) => kinds.add(kindOf(o)));
    else if (n.type === 'literal') kinds.add(kindOf(n.literal));
    else if (['string', 'number', 'boolean', 'object', 'array'].includes(n.type)) kinds.add(n.type as Kind);
    else throw new Error(`schema type ${n.type} at ${path.join('.')} is not handled by this walk`);
  }
  return kinds;
}

const REPLACEMENTS: Record<Kind, unknown> = { string: 'x', number: 1, boolean: true, object: {}, array: [], null: null };
const KINDS = Object.keys(REPLACEMENTS) as Kind[];

function getAt(x: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], x);
}
function setAt(x: unknown, path: Path, value: unknown): void {
  const parent = getAt(x, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
}

/**
 * With fast-check: one leaf of one of the cases replaced by a value of another JSON type is
 * rejected, unless the schema's shape (proved equal to the TypeScript type) allows that type
 * there (null in a nullable field, a number where a null leaf may be a number).
 */
function checkMutations(schema: Schema, cases: Case[], numRuns = 300) {
  const prepared = cases.map((c) => {
    const byPattern = new Map<string, Path[]>();
    for (const p of leafPaths(c.value)) byPattern.set(pattern(p), [...(byPattern.get(pattern(p)) ?? []), p]);
    return { ...c, patterns: [...byPattern.values()] };
  });
  let rejected = 0;
  fc.assert(
    fc.property(fc.nat(), fc.nat(), fc.nat(), fc.nat(), (ci, pi, ii, ki) => {
      const c = prepared[ci % prepared.length];
      const paths = c.patterns[pi % c.patterns.length];
      const path = paths[ii % paths.length];
      const original = getAt(c.value, path);
      const others = KINDS.filter((k) => k !== kindOf(original));
      const kind = others[ki % others.length];
      if (path.length === 0) return !v.safeParse(schema, REPLACEMENTS[kind]).success;
      setAt(c.value, path, structuredClone(REPLACEMENTS[kind]));
      try {
        const ok = v.safeParse(schema, c.value).success;
        if (!ok) rejected++;
        return !ok || allowedKinds(schema, path).has(kind);
      } finally {
        setAt(c.value, path, original);
      }
    }),
    { numRuns, seed: 20241001 }
  );
  return rejected;
}

function expectParsesToItself(schema: Schema, value: unknown, name: string) {
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) throw new Error(`${name}: ${JSON.stringify(v.flatten(parsed.issues).nested)}`);
  expect(parsed.output, name).toStrictEqual(value);
}

const countWithheld = (x: unknown): number =>
  x === null || typeof x !== 'object'
    ? 0
    : Object.entries(x).reduce((n, [k, y]) => n + (k === 'withheld' ? 1 : 0) + countWithheld(y), 0);

// ───────────── the results ─────────────

/** Valid values of each schema: every analysis live and withheld, on all the data and on small slices. */
const cases: Record<string, Case[]> = {};
let db: NodeDatabase;

function add(type: string, name: string, live: unknown, withheld: unknown) {
  const list = (cases[type] ??= []);
  if (live !== null) list.push({ name: `${name} (live)`, value: live });
  if (withheld !== null) list.push({ name: `${name} (withheld)`, value: withheld });
}

beforeAll(async () => {
  db = await NodeDatabase.open();
  await loadFiles(db, generateDemo());
  const rfm = (await runRfm(db, NO_FILTERS))!;
  const asOf = rfm.asOf;
  // Slices small enough that snapshots withhold groups, and that the CLV fits take other paths
  // (the NBD limit model with a, b = ∞; not identifiable; degenerate).
  const slices: Record<string, Filters> = {
    all: NO_FILTERS,
    'store, non-members, last 6 weeks': { from: addDays(asOf, -41), to: asOf, channels: ['店舗'], member: 'non_member' },
    'app, members, 10 days': { from: addDays(asOf, -9), to: asOf, channels: ['アプリ'], member: 'member' },
    'EC, non-members, 2 weeks': { from: addDays(asOf, -13), to: asOf, channels: ['EC'], member: 'non_member' },
    'store, members, 2 days over a month end': { from: '2024-11-30', to: '2024-12-01', channels: ['店舗'], member: 'member' },
    'store, the first 2 days': { from: '2023-04-01', to: '2023-04-02', channels: ['店舗'], member: 'all' }
  };
  for (const [name, f] of Object.entries(slices)) {
    const overview = await runOverview(db, f);
    add('overview', name, overview, overview && withholdOverview(overview));
    const loyal = await runLoyal(db, f, DEFAULT_LOYAL);
    add('loyal', name, loyal, loyal && withholdLoyal(loyal));
    const r = f === NO_FILTERS ? rfm : await runRfm(db, f);
    add('rfm', name, r, r && withholdRfm(r));
    const selected = await runRfm(db, f, { segment: 'cant_lose_them' });
    add('rfm', `${name}, a segment selected`, selected, selected && withholdRfm(selected));
    const cpm = await runCpm(db, f);
    add('cpm', name, cpm, cpm && withholdCpm(cpm));
    for (const scheme of ['rfm', 'cpm'] as const) {
      const m = await runMovement(db, f, { scheme, from: addDays(asOf, -180), to: asOf });
      add('movement', `${name}, ${scheme}`, m, withholdMovement(m));
    }
    for (const grain of ['month', 'week', 'quarter'] as const) {
      const c = await runCohorts(db, f, { grain });
      add('cohorts', `${name}, ${grain}`, c, c && withholdCohorts(c));
    }
    const byChannel = await runCohorts(db, f, { by: 'channel' });
    add('cohorts', `${name}, by channel`, byChannel, byChannel && withholdCohorts(byChannel));
    for (const by of [null, 'channel'] as const) {
      const s = await runSecondPurchase(db, f, { by });
      add('secondPurchase', `${name}, by ${by ?? 'nothing'}`, s, s && withholdSecondPurchase(s));
    }
    const clv = await runClv(db, { filters: f, split: null, ...CLV_DEFAULTS });
    add('clv', name, clv, clv && withholdClv(clv));
    const tiers = await runTiers(db, f);
    add('tiers', name, tiers, tiers && withholdTiers(tiers));
    const points = await runPoints(db, f);
    add('points', name, points, points && withholdPoints(points));
    const referral = await runReferral(db, f);
    add('referral', name, referral, referral && withholdReferral(referral));
    const goals = await runGoals(db, f);
    add('goals', name, goals, goals && withholdGoals(goals));
  }
  // Movement between tiers, as the tiers on orders give it (the demo's orders carry none).
  const demoTiers = cases.tiers.find((c) => (c.value as TiersResult).available)!.value as TiersResult;
  const move = (from: string, to: string, customers: number) => ({ from, to, customers });
  const movement: TierMovement = {
    available: true, customers: 60, up: 22, same: 35, down: 3, tiers: ['ブロンズ', 'シルバー', 'ゴールド', 'ブラック'],
    moves: [move('ブロンズ', 'ブロンズ', 20), move('ブロンズ', 'シルバー', 12), move('ブロンズ', 'ゴールド', 8), move('シルバー', 'シルバー', 15), move('シルバー', 'ブラック', 2), move('ゴールド', 'シルバー', 3)]
  };
  for (const m of [movement, { ...movement, customers: 3 }]) add('tiers', `movement of ${m.customers}`, { ...demoTiers, movement: m }, { ...demoTiers, movement: withholdTierMovement(m) });
  // What the pages show without the columns: the columns named, nothing else.
  add('tiers', 'no tier column', { available: false, missing: ['tier'] }, null);
  add('points', 'no point columns', { available: false, missing: ['points_earned', 'points_used'] }, null);
  add('referral', 'no referral columns', { available: false, missing: ['referred_by', 'acquisition_source'] }, null);
});
afterAll(() => db?.close());

const RESULT_SCHEMAS: Record<string, Schema> = {
  overview: OverviewResultSchema,
  loyal: LoyalResultSchema,
  rfm: RfmResultSchema,
  cpm: CpmResultSchema,
  movement: MovementResultSchema,
  cohorts: CohortResultSchema,
  secondPurchase: SecondPurchaseResultSchema,
  clv: ClvResultSchema,
  tiers: TiersOutcomeSchema,
  points: PointsOutcomeSchema,
  referral: ReferralOutcomeSchema,
  goals: GoalsResultSchema
};

/** Whether `x` holds an infinite number (JSON writes it as null). */
const hasInfinity = (x: unknown): boolean =>
  typeof x === 'number' ? !Number.isFinite(x) : x !== null && typeof x === 'object' && Object.values(x).some(hasInfinity);

describe.each(Object.entries(RESULT_SCHEMAS))('%s results', (type, schema) => {
  it('parse to themselves, live and withheld', () => {
    expect(cases[type].length).toBeGreaterThanOrEqual(6);
    for (const c of cases[type]) expectParsesToItself(schema, c.value, c.name);
  });

  it('include snapshots that withhold groups', () => {
    expect(cases[type].filter((c) => c.name.endsWith('(withheld)') && countWithheld(c.value) > 0).length).toBeGreaterThan(0);
  });

  it('reject a leaf replaced by a value of another JSON type (300 seeded runs), unless the type allows it', () => {
    expect(checkMutations(schema, cases[type])).toBeGreaterThan(200);
  });

  it('survive JSON, except infinite numbers (BG/NBD limit fits), which JSON writes as null', () => {
    for (const c of cases[type]) {
      const ok = v.safeParse(schema, JSON.parse(JSON.stringify(c.value))).success;
      expect(ok, c.name).toBe(!hasInfinity(c.value));
    }
  });
});

describe('the checks', () => {
  it('catch a schema that lets a wrong type through (a fallback on the customer count)', () => {
    const lenient = v.object({ ...CpmResultSchema.entries, customers: v.fallback(v.number(), 0) });
    expect(() => checkMutations(lenient, cases.cpm)).toThrow(/Property failed/);
  });

  it('dates are YYYY-MM-DD days of the calendar', () => {
    for (const d of ['2024-02-29', '2023-12-31', '1999-01-01']) expect(v.is(DateSchema, d), d).toBe(true);
    for (const d of ['2023-02-29', '2024-13-01', '2024-04-31', '2024-1-01', '2024-01-01T00:00', ' 2024-01-01', '20240101', ''])
      expect(v.is(DateSchema, d), d).toBe(false);
  });

  it('numbers may be infinite (BG/NBD limit fits) but not NaN', () => {
    const nbd = { r: 1.7, alpha: 21.5, a: Infinity, b: Infinity, p: 0, timeUnit: 'weeks' };
    expect(v.is(BgNbdParamsSchema, nbd)).toBe(true);
    expect(v.is(BgNbdParamsSchema, { ...nbd, r: NaN })).toBe(false);
  });

  it('unknown keys are dropped, and an object of optional keys is not an array', () => {
    const r = cases.cpm[0].value as Record<string, unknown>;
    expect(v.parse(CpmResultSchema, { ...r, customerIds: ['C00001'] })).toStrictEqual(r);
    const overview = structuredClone(cases.overview[0].value) as { monthly: Record<string, unknown>[] };
    overview.monthly[0].withheld = { new: 'small' };
    expect(v.is(OverviewResultSchema, overview)).toBe(true);
    overview.monthly[0].withheld = [];
    expect(v.is(OverviewResultSchema, overview)).toBe(false);
  });

  it('a referral result keeps what referrers brought as bins: an id added to it is dropped', () => {
    const r = cases.referral.find((c) => (c.value as { referrers?: unknown }).referrers)!.value as { referrers: { bins: object[] } };
    const withIds = { ...r, referrers: { ...r.referrers, ids: ['C-REFERRER-1'], bins: r.referrers.bins.map((b) => ({ ...b, referrer: 'C-REFERRER-1' })) } };
    expect(v.is(ReferralOutcomeSchema, withIds)).toBe(true);
    expect(JSON.stringify(v.parse(ReferralOutcomeSchema, withIds))).not.toContain('C-REFERRER-1');
    expect(v.parse(ReferralOutcomeSchema, withIds)).toStrictEqual(r);
  });

  it('a data string is at most 1000 characters', () => {
    const r = cases.cohorts.find((c) => (c.value as { values: unknown[] }).values.length > 0)!.value as { values: { value: string }[] };
    const at = (value: string) => ({ ...r, values: [{ ...r.values[0], value }] });
    expect(v.is(CohortResultSchema, at('x'.repeat(1000)))).toBe(true);
    expect(v.is(CohortResultSchema, at('x'.repeat(1001)))).toBe(false);
  });

  it('a loyal definition is one normalizeLoyal leaves as it is', () => {
    expect(v.is(LoyalDefinitionSchema, DEFAULT_LOYAL)).toBe(true);
    expect(v.is(LoyalDefinitionSchema, { ...DEFAULT_LOYAL, topPercent: null, minPurchases: 3 })).toBe(true);
    for (const change of [{ topPercent: 150 }, { topPercent: null }, { minPurchases: 2.5 }, { minSpend: -1 }, { minSpend: Infinity }])
      expect(v.is(LoyalDefinitionSchema, { ...DEFAULT_LOYAL, ...change }), JSON.stringify(change)).toBe(false);
  });

  it('CPM rows name their own stage and state; movement ids are the scheme’s', () => {
    const cpm = cases.cpm[0].value as { segments: Record<string, unknown>[] };
    expect(v.is(CpmResultSchema, { ...cpm, segments: [{ ...cpm.segments[0], state: 'lapsed' }] })).toBe(false);
    const rfm = cases.movement.find((c) => (c.value as { scheme: string }).scheme === 'rfm')!.value as Record<string, unknown>;
    expect(v.is(MovementResultSchema, { ...rfm, segments: ['first_active'] })).toBe(false);
    expect(v.is(MovementResultSchema, { ...rfm, thresholds: DEFAULT_CPM_THRESHOLDS })).toBe(false);
  });
});

describe('view state and filters', () => {
  const views: Record<string, { schema: Schema; values: unknown[] }> = {
    filters: {
      schema: FiltersSchema,
      values: [NO_FILTERS, { from: '2024-01-01', to: '2024-12-31', channels: ['EC', '店舗'], member: 'non_member' }]
    },
    cohortView: {
      schema: CohortViewSchema,
      values: ['', 'grain=week&by=channel&value=EC&cm=revenueRetention'].map((q) => cohortViewFromParams(new URLSearchParams(q)))
    },
    clvView: {
      schema: ClvViewSchema,
      values: ['', 'split=2025-06-30&unit=days&horizon=36&rate=7.5&days=365'].map((q) => clvViewFromParams(new URLSearchParams(q)))
    },
    goalsView: {
      schema: GoalsViewSchema,
      values: ['', 'goals=repeat:0.35:2027-03-31,active:12000:2027-06-30,nps:-5:2026-12-31', 'goals=value12:30000.5:2027-01-31,bad:1:2027-01-01'].map((q) =>
        goalsViewFromParams(new URLSearchParams(q))
      )
    },
    segmentsView: {
      schema: SegmentsViewSchema,
      values: ['', 'scheme=cpm&seg=yuryo_lapsed&asof=2025-12-31&measure=revenue&box=purchases&ma=2025-01-01&mb=2025-06-30'].map((q) =>
        segmentsViewFromParams(new URLSearchParams(q))
      )
    }
  };

  it.each(Object.entries(views))('%s parse to themselves and reject a leaf of another JSON type', (name, { schema, values }) => {
    for (const value of values) expectParsesToItself(schema, value, name);
    expect(checkMutations(schema, values.map((value, i) => ({ name: `${name} ${i}`, value })), 200)).toBeGreaterThan(100);
  });

  it('check what their readers check', () => {
    expect(v.is(FiltersSchema, { ...NO_FILTERS, channels: ['x'.repeat(200)] })).toBe(true);
    expect(v.is(FiltersSchema, { ...NO_FILTERS, channels: ['x'.repeat(201)] })).toBe(false);
    expect(v.is(FiltersSchema, { ...NO_FILTERS, from: '2024-02-30' })).toBe(false);
    const clv = clvViewFromParams(new URLSearchParams());
    expect(v.is(ClvViewSchema, { ...clv, horizonMonths: 7 })).toBe(false);
    expect(v.is(ClvViewSchema, { ...clv, discountPercent: 101 })).toBe(false);
    const seg = segmentsViewFromParams(new URLSearchParams('seg=champions'));
    expect(v.is(SegmentsViewSchema, seg)).toBe(true);
    expect(v.is(SegmentsViewSchema, { ...seg, scheme: 'cpm' })).toBe(false);
    const goal = { metric: 'repeat', target: 0.35, date: '2027-03-31' };
    expect(v.is(GoalsViewSchema, { goals: [goal] })).toBe(true);
    for (const bad of [{ ...goal, metric: 'revenue' }, { ...goal, target: Infinity }, { ...goal, target: NaN }, { ...goal, date: '2027-02-30' }])
      expect(v.is(GoalsViewSchema, { goals: [bad] }), JSON.stringify(bad)).toBe(false);
    expect(v.is(GoalsViewSchema, { goals: Array.from({ length: 8 }, () => goal) })).toBe(false);
  });
});
