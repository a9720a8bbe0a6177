/**
 * How a predicted-CLV result reads: why something is not shown, the accuracy next to each
 * figure, and the "what this means" sentences — all derived from the result (no invented text),
 * in the language of the `t` and `fmt` passed in.
 */
import type { Formatters } from '../../i18n/format';
import type { MessageKey } from '../../i18n/messages/ja';
import { dropoutModel } from './bgnbd';
import type { FitResult } from './mle';
import {
  MIN_CALIBRATION_DAYS, MIN_HOLDOUT_DAYS, MIN_REPEAT_CUSTOMERS, SPEND_CORRELATION_WARNING,
  type ClvModelFit, type ClvResult, type HoldoutCheck
} from './types';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Why a fit failed, in words (a failed fit never has status 'ok'; its English message is the fallback). */
function failure(fit: FitResult<unknown, string>, t: Translate): string {
  return fit.status === 'ok' ? fit.message : t(`clv.status.${fit.status}`);
}

/** "converged (23 iterations)" / "did not converge: …" / "not estimated". */
export function fitStatusText(fit: FitResult<unknown, string> | null, t: Translate): string {
  if (!fit) return t('clv.fit.notFitted');
  if (fit.converged) return t('clv.fit.converged', { n: fit.iterations });
  return t('clv.fit.notConverged', { detail: failure(fit, t) });
}

/** Why the purchase model gives no predictions, or null. */
export function purchaseProblemText(fit: ClvModelFit, t: Translate): string | null {
  switch (fit.purchaseProblem) {
    case null:
      return null;
    case 'too-few-repeat':
      return t('clv.problem.too-few-repeat', { n: fit.repeatCustomers, min: MIN_REPEAT_CUSTOMERS });
    case 'not-converged':
      return t('clv.problem.not-converged', { detail: failure(fit.bgnbd!, t) });
    default:
      return t(`clv.problem.${fit.purchaseProblem}`);
  }
}

/** Why there are no money figures, or null. */
export function spendProblemText(fit: ClvModelFit, t: Translate): string | null {
  switch (fit.spendProblem) {
    case null:
      return null;
    case 'too-few-spend':
      return t('clv.spendProblem.too-few-spend', { n: fit.spendCustomers, min: MIN_REPEAT_CUSTOMERS });
    case 'not-converged':
      return t('clv.spendProblem.not-converged', { detail: failure(fit.gammaGamma!, t) });
    default:
      return t(`clv.spendProblem.${fit.spendProblem}`);
  }
}

/** Why there is no holdout check, or null. */
export function holdoutProblemText(h: HoldoutCheck, t: Translate): string | null {
  if (h.problem === 'too-short') return t('clv.holdoutProblem.too-short', { cal: MIN_CALIBRATION_DAYS, hold: MIN_HOLDOUT_DAYS });
  if (h.problem === 'fit') return t('clv.holdoutProblem.fit', { reason: purchaseProblemText(h.fit!, t) ?? '' });
  return null;
}

/** The accuracy line under a figure: the holdout error of revenue or of purchases. */
export function accuracyText(h: HoldoutCheck, of: 'revenue' | 'purchases', t: Translate, fmt: Formatters): string {
  const error = of === 'revenue' ? h.revenueError : h.purchaseError;
  if (error === null) return t('clv.accuracy.none');
  return t(of === 'revenue' ? 'clv.accuracy.revenue' : 'clv.accuracy.purchases', { error: fmt.signedPercent(error) });
}

/** The discount rate as typed on the page, e.g. 10 % → "10%". */
export function ratePercent(rate: number, fmt: Formatters): string {
  return fmt.percent(rate, Number.isInteger(rate * 100) ? 0 : 1);
}

/** "What this means": sentences from the figures, in order of importance. */
export function clvInsights(r: ClvResult, t: Translate, fmt: Formatters): string[] {
  const out: string[] = [];
  const p = r.predictions;
  if (p && p.totalClv !== null) {
    out.push(t('clv.insight.total', { months: r.horizonMonths, total: fmt.money(p.totalClv), rate: ratePercent(r.annualDiscountRate, fmt) }));
    if (p.top20Share !== null) out.push(t('clv.insight.top20', { share: fmt.percent(p.top20Share, 0) }));
  }
  const bg = p && r.fit.bgnbd?.converged ? r.fit.bgnbd.params : null;
  const dropout = bg ? dropoutModel(bg) : 'beta';
  if (dropout === 'fixed') out.push(t('clv.insight.fixedDropout', { p: fmt.percent(bg!.p!, 1) }));
  if (dropout === 'none') out.push(t('clv.insight.noDropout'));
  const h = r.holdout;
  if (h.total && h.split && h.purchaseError !== null) {
    out.push(
      t('clv.insight.holdout', {
        split: fmt.date(h.split),
        days: h.holdoutDays,
        pct: fmt.percent(Math.abs(h.purchaseError), 0),
        direction: t(h.purchaseError < 0 ? 'clv.insight.fewer' : 'clv.insight.more'),
        predicted: fmt.number(h.total.predicted),
        actual: fmt.number(h.total.actual)
      })
    );
  }
  if (h.revenue && h.revenueError !== null) {
    out.push(
      t('clv.insight.holdoutRevenue', {
        pct: fmt.percent(Math.abs(h.revenueError), 0),
        direction: t(h.revenueError < 0 ? 'clv.insight.less' : 'clv.insight.more'),
        predicted: fmt.money(h.revenue.predicted),
        actual: fmt.money(h.revenue.actual)
      })
    );
  }
  const kappa = r.fit.netValueFactor;
  if (p && p.totalClv !== null && kappa !== null && kappa < 0.995) out.push(t('clv.insight.net', { pct: fmt.percent(kappa, 0) }));
  const rho = r.fit.spendCorrelation;
  if (p && p.totalClv !== null && rho !== null && Math.abs(rho) > SPEND_CORRELATION_WARNING)
    out.push(t('clv.insight.correlation', { rho: fmt.number(rho, 2) }));
  return out;
}
