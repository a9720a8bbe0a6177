/**
 * The movement result shaped for a Sankey diagram: one node per segment and side, ids distinct
 * per side (`a:champions` → `b:loyal`), links only where customers moved (no zero links, which
 * Sankey layouts draw as stray stubs). Pure; the ECharts option is built in `charts/`.
 */
import { cpmSegment, isCpmSegmentId } from '../cpm/segments';
import { rfmSegment, isRfmSegmentId, type Bilingual } from '../rfm/segments';
import { NEW_SOURCE, type MovementResult, type MovementSource, type SegmentSize } from './types';
import type { Withheld } from '../withhold';

export type Lang = 'ja' | 'en';

/** Display name of the `NEW_SOURCE` row. */
export const NEW_SOURCE_NAME: Bilingual = { ja: '新規（A以降の初回購入）', en: 'New since A' };

export interface SankeyNode {
  /** `a:<segment>` or `b:<segment>`; `a:new` for customers who first bought after A. */
  id: string;
  side: 'a' | 'b';
  segment: MovementSource;
  /** Localised segment name (the same on both sides; `id` tells them apart). */
  label: string;
  /** Null where a snapshot withholds the size (see ../withhold.ts). */
  customers: number | null;
  withheld?: Withheld;
}

export interface SankeyLink {
  source: string;
  target: string;
  value: number;
}

export interface SankeyData {
  nodes: SankeyNode[];
  links: SankeyLink[];
}

/** The localised name of a movement row or column. */
export function movementSegmentName(id: MovementSource, lang: Lang): string {
  if (id === NEW_SOURCE) return NEW_SOURCE_NAME[lang];
  if (isRfmSegmentId(id)) return rfmSegment(id).name[lang];
  if (isCpmSegmentId(id)) return cpmSegment(id).name[lang];
  return id;
}

/**
 * Nodes in display order (A side, then B side; empty segments left out), and non-zero links.
 * Withheld cells of a snapshot have no link; a withheld size keeps its node while a link reaches it.
 */
export function movementSankey(r: MovementResult, lang: Lang): SankeyData {
  const node = (side: 'a' | 'b', { segment, customers, withheld }: Omit<SegmentSize, 'segment'> & { segment: MovementSource }): SankeyNode => ({
    id: `${side}:${segment}`, side, segment, label: movementSegmentName(segment, lang), customers, ...(withheld && { withheld })
  });
  const links = r.matrix.flatMap((c) =>
    c.customers !== null && c.customers > 0 ? [{ source: `a:${c.from}`, target: `b:${c.to}`, value: c.customers }] : []
  );
  const linked = new Set(links.flatMap((l) => [l.source, l.target]));
  const nodes = [
    ...r.sizesA.map((s) => node('a', s)),
    node('a', { segment: NEW_SOURCE, customers: r.newCustomers }),
    ...r.sizesB.map((s) => node('b', s))
  ].filter((n) => (n.customers === null ? linked.has(n.id) : n.customers > 0));
  return { nodes, links };
}
