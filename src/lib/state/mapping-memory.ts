/**
 * The user's column mapping for a given set of headers, remembered on this device so the
 * next export from the same system loads without re-mapping.
 */
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
}

export function rememberMapping(plan: FilePlan, storage: Storage = localStorage): void {
  const value: Remembered = {
    roles: Object.fromEntries(plan.columns.map((c) => [c.label, c.role])),
    kind: plan.kind,
    identity: plan.identity,
    dateOrder: plan.dateOrder,
    scoreScale: plan.scoreScale,
    currency: plan.currency
  };
  storage.setItem(PREFIX + plan.signature, JSON.stringify(value));
}

/** The plan with the remembered choices applied, or null when these headers are new. */
export function recallMapping(plan: FilePlan, storage: Storage = localStorage): FilePlan | null {
  const raw = storage.getItem(PREFIX + plan.signature);
  if (!raw) return null;
  try {
    const r = JSON.parse(raw) as Remembered;
    return {
      ...plan,
      kind: r.kind,
      identity: r.identity,
      dateOrder: r.dateOrder,
      dateOrderAmbiguous: false,
      scoreScale: r.scoreScale,
      ...(r.currency ? { currency: r.currency, currencyClue: 'user' as const } : {}),
      columns: plan.columns.map((c) => ({ ...c, role: r.roles[c.label] ?? c.role }))
    };
  } catch {
    return null;
  }
}
