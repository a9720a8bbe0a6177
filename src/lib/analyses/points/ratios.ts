/**
 * The ratios of a points flow from its sums: one derivation for live results and for snapshots,
 * which withhold some sums and derive the ratios again, so that no ratio rests on a withheld sum.
 */
import { ratio } from '../cohorts/ratios';
import type { PointsFlow } from './types';

type Ratios = Pick<PointsFlow, 'redemptionRate' | 'earnRate' | 'pointsPerYen'>;
export type FlowSums = Omit<PointsFlow, keyof Ratios>;

export function flowRatios<T extends FlowSums>(s: T): T & Ratios {
  return { ...s, redemptionRate: ratio(s.used, s.earned), earnRate: ratio(s.earned, s.earningRevenue), pointsPerYen: ratio(s.earned, s.revenue) };
}
