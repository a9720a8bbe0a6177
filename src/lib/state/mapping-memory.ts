/**
 * The user's column mapping for a given set of headers, remembered on this device so the
 * next export from the same system loads without re-mapping.
 */
import { fileKind } from '../ingest/roles';
import { previewScale } from '../ingest/prepare';
import type { FilePlan, Role } from '../ingest/types';

const PREFIX = 'kizuna.mapping.';

interface Remembered {
  roles: Record<string, Role>;
  kind: FilePlan['kind'];
  identity: FilePlan['identity'];
  dateOrder: FilePlan['dateOrder'];
  scoreScale: FilePlan['scoreScale'];
  /** Absent in mappings remembered before currencies were. */
  currency?: FilePlan['currency'];
  /** The decimal mark the user settled on, when the file asked (absent: the point, or remembered before). */
  decimalMark?: FilePlan['decimalMark'];
  /**
   * 2 since orders and customers files keep their answers; absent before, when a score made any
   * file a survey file and every scale but 1–5 was proposed as 0–10 (there was no 1–7): such a
   * kind and such a 0–10 were the importer's guesses more than the user's choices.
   */
  v?: 2;
}

export function rememberMapping(plan: FilePlan, storage: Storage = localStorage): void {
  const value: Remembered = {
    roles: Object.fromEntries(plan.columns.map((c) => [c.label, c.role])),
    kind: plan.kind,
    identity: plan.identity,
    dateOrder: plan.dateOrder,
    scoreScale: plan.scoreScale,
    currency: plan.currency,
    ...(plan.decimalMark !== undefined ? { decimalMark: plan.decimalMark } : {}),
    v: 2
  };
  storage.setItem(PREFIX + plan.signature, JSON.stringify(value));
}

/** The plan with the remembered choices applied, or null when these headers are new. */
export function recallMapping(plan: FilePlan, storage: Storage = localStorage): FilePlan | null {
  const raw = storage.getItem(PREFIX + plan.signature);
  if (!raw) return null;
  try {
    const r = JSON.parse(raw) as Remembered;
    const columns = plan.columns.map((c) => ({ ...c, role: r.roles[c.label] ?? c.role }));
    const old = r.v === undefined;
    // The reason the inspection gave describes its own score column; another one is judged afresh.
    const scoreAt = columns.findIndex((c) => c.role === 'score');
    const scaleReason = scoreAt >= 0 && plan.columns[scoreAt].role !== 'score' ? previewScale(plan, scoreAt) : plan.scaleReason;
    return {
      ...plan,
      kind: old && r.kind === 'responses' ? fileKind(columns.map((c) => c.role)) : r.kind,
      identity: r.identity,
      dateOrder: r.dateOrder,
      dateOrderAmbiguous: false,
      scoreScale: old && r.scoreScale === '0-10' ? (scaleReason?.scale ?? r.scoreScale) : r.scoreScale,
      scaleReason,
      ...(r.currency ? { currency: r.currency, currencyClue: 'user' as const } : {}),
      // A mark chosen before is not asked again; a file whose numbers now tell keeps what they tell.
      ...(r.decimalMark !== undefined && plan.decimalMark !== undefined && plan.decimalMarkAmbiguous ? { decimalMark: r.decimalMark, decimalMarkAmbiguous: false } : {}),
      columns
    };
  } catch {
    return null;
  }
}
