/**
 * The programme-effect analysis (definitions in ./sql.ts and ./stats.ts): the naive member /
 * non-member gap with bootstrap intervals, and the matched difference in differences with its
 * balance, event study and placebo. Null without members or without non-members.
 */
import { ident } from '../../engine/sql';
import { firstRow, toRows, type QueryRunner } from '../../engine/types';
import { resolveAsOf } from '../customers/asof';
import type { Filters } from '../filters';
import {
  BALANCE_FEATURES, PRE, balanceSql, customerMonthsSql, didSql, eventStudySql, memberGapSql, pathsSql, unitsSql, type MatchOptions
} from './sql';
import { bootstrapGap, normalInterval, smd, type BlockSums, type Interval } from './stats';
import { Z95 } from '../nps/stats';
import {
  BALANCED_SMD, MATCHED_SHARE,
  type BalanceRow, type Credibility, type Did, type MatchCounts, type ProgrammeResult, type StudyMonth
} from './types';

/** A fake join date this many months earlier: the placebo. */
export const PLACEBO_MONTHS = 12;

type Row = Record<string, number | null>;

async function gapOf(db: QueryRunner, cm: string, asOf: string) {
  const blocks = toRows<BlockSums & { m: number }>(await db.query(memberGapSql(cm, asOf)));
  return bootstrapGap(blocks.filter((b) => b.m === 1), blocks.filter((b) => b.m === 0));
}

/** A row of stratifiedSql: members' mean, matched non-members' mean and their difference, for spend and purchases. */
function compared(r: Row) {
  const scale = 1 / (1 - (r.joined ?? 0));
  const of = (x: 'spend' | 'buys') => {
    const members = r[`${x}_m`]!;
    const diff = normalInterval((members - r[`${x}_c`]!) * scale, r[`${x}_var`] === null ? null : r[`${x}_var`]! * scale * scale);
    return { members, matched: members - diff.value!, diff };
  };
  return { spend: of('spend'), buys: of('buys') };
}

function didOf(r: Row): Did | null {
  if (!r.members) return null;
  const { spend, buys } = compared(r);
  return { members: r.members, controls: r.controls ?? 0, joined: r.joined ?? 0, spend: spend.diff, buys: buys.diff };
}

/** Whether an interval covers zero; `z` widens a 95 % interval to that many standard errors. */
function covers(i: Interval, z = Z95): boolean {
  if (i.value === null || i.lo === null || i.hi === null) return false;
  const half = ((i.hi - i.lo) / 2) * (z / Z95);
  return Math.abs(i.value) <= half;
}

/**
 * The pre-trend test looks at 2 × PRE intervals at once (spend and purchases, each month before
 * joining); at 95 % each, one in two comparisons without any pre-trend would fail one of them. So
 * each is read at 1 − 5 %/12 (Bonferroni): z = Φ⁻¹(1 − 0.025/12).
 */
const Z_PRE_TREND = 2.8653;

/**
 * Run `read` on the matched units at one shift of the join dates and on their paths around the
 * event month (pathsSql), in temporary tables dropped after.
 */
async function withUnits<T>(db: QueryRunner, cm: string, o: MatchOptions, read: (units: string, paths: string) => Promise<T>): Promise<T> {
  const tag = Math.random().toString(36).slice(2, 10);
  const [units, paths] = [ident(`kizuna_programme_units_${tag}`), ident(`kizuna_programme_paths_${tag}`)];
  try {
    await db.query(`CREATE OR REPLACE TEMP TABLE ${units} AS ${unitsSql(cm, o)}`);
    await db.query(`CREATE OR REPLACE TEMP TABLE ${paths} AS ${pathsSql(cm, units)}`);
    return await read(units, paths);
  } finally {
    await db.query(`DROP TABLE IF EXISTS ${paths}`);
    await db.query(`DROP TABLE IF EXISTS ${units}`);
  }
}

const didFrom = (db: QueryRunner, paths: string) => db.query(didSql(paths)).then((c) => didOf(firstRow<Row>(c)));

export async function runProgramme(db: QueryRunner, f: Filters): Promise<ProgrammeResult | null> {
  const asOf = await resolveAsOf(db, f);
  if (!asOf) return null;
  const known = firstRow<{ members: number; others: number }>(
    await db.query(`SELECT count(*) FILTER (WHERE is_member) AS members, count(*) FILTER (WHERE is_member IS FALSE) AS others FROM customers`)
  );
  if (!known.members || !known.others) return null;
  const cm = ident(`kizuna_programme_months_${Math.random().toString(36).slice(2, 10)}`);
  try {
    await db.query(`CREATE OR REPLACE TEMP TABLE ${cm} AS ${customerMonthsSql(f)}`);
    // The channel is matched on when purchases came through more than one.
    const channels = firstRow<{ several: boolean | null }>(await db.query(`SELECT min(channel) <> max(channel) AS several FROM ${cm}`)).several === true;
    // The naive gap's query is queued first: its bootstrap (JavaScript, in this worker) then runs
    // while DuckDB (in its own worker) does the matching.
    const [gap, now, placeboDid] = await Promise.all([
      gapOf(db, cm, asOf),
      withUnits(db, cm, { shift: 0, channels }, async (units, paths) => {
        const [balance, did, months] = await Promise.all([
          db.query(balanceSql(units)).then((c) => firstRow<Row>(c)),
          didFrom(db, paths),
          db.query(eventStudySql(paths)).then((c) => toRows<Row>(c))
        ]);
        return { balance, did, months };
      }),
      // The placebo: only its difference in differences is read.
      withUnits(db, cm, { shift: PLACEBO_MONTHS, channels }, (_, paths) => didFrom(db, paths))
    ]);
    const b = now.balance;
    const counts: MatchCounts = {
      members: b.members ?? 0, qualified: b.qualified ?? 0, matched: b.matched ?? 0, pool: b.pool ?? 0, used: b.used ?? 0
    };
    const balance: BalanceRow[] = BALANCE_FEATURES.map((x) => ({
      feature: x,
      members: b[`${x}_m`],
      before: b[`${x}_c`],
      after: b[`${x}_ac`],
      smdBefore: smd(b[`${x}_m`], b[`${x}_c`], b[`${x}_vm`], b[`${x}_vc`]),
      // After matching, the weighted means over the spread before (so both columns share a scale).
      smdAfter: smd(b[`${x}_am`], b[`${x}_ac`], b[`${x}_vm`], b[`${x}_vc`])
    }));
    const study: StudyMonth[] = now.months.map((r) => ({ k: r.k!, members: r.members!, ...compared(r) }));
    const credibility: Credibility | null = now.did && {
      balanced: balance.every((r) => r.smdAfter !== null && Math.abs(r.smdAfter) < BALANCED_SMD),
      placebo: placeboDid ? covers(placeboDid.spend) && covers(placeboDid.buys) : null,
      preTrend: study.filter((m) => m.k < 0 && m.k >= -PRE).every((m) => covers(m.spend.diff, Z_PRE_TREND) && covers(m.buys.diff, Z_PRE_TREND)),
      coverage: counts.qualified > 0 && counts.matched / counts.qualified >= MATCHED_SHARE
    };
    return { asOf, gap, counts, balance, did: now.did, study, placebo: placeboDid, credibility };
  } finally {
    await db.query(`DROP TABLE IF EXISTS ${cm}`);
  }
}
