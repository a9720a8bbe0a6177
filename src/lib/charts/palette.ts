/**
 * Colours for every chart.
 *
 * The categorical palette is Okabe & Ito's colour-universal-design set
 * (https://jfly.uni-koeln.de/color/), which stays distinguishable for the common
 * forms of colour blindness. Black is left out (it is the text colour in light mode
 * and invisible in dark mode); yellow comes last because it is weak on white.
 */

/** The one accent colour (Okabe–Ito blue). */
export const ACCENT = '#0072B2';

/** Okabe–Ito, in the order colours are handed out. */
export const CATEGORICAL = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#56B4E9', // sky blue
  '#CC79A7', // reddish purple
  '#F0E442' // yellow
] as const;

/** Colour for "other" / "unknown" buckets: a neutral grey, never a palette colour. */
export const OTHER_COLOR = '#8C8C8C';

/**
 * Segments whose colour is fixed everywhere. Keys are stable ids, never translated
 * labels, so Japanese and English views colour the same segment the same way.
 * Add a key here when a new analysis introduces a segment that must keep its colour.
 */
const PINNED: Readonly<Record<string, string>> = {
  new: '#E69F00',
  returning: '#0072B2',
  other: OTHER_COLOR,
  unknown: OTHER_COLOR
};

/** FNV-1a: a small, stable string hash (the same in every browser and in Node). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The colour of one named category or segment, the same in every chart and every
 * session: a pinned colour if the key has one, else a palette colour picked by a hash
 * of the key. Pass the segment's stable id, not its display label.
 *
 * Two different keys can hash to the same colour; when one chart shows several
 * segments together use `segmentColors`, which avoids that.
 */
export function segmentColor(key: string): string {
  return PINNED[key] ?? CATEGORICAL[hash(key) % CATEGORICAL.length];
}

/**
 * Colours for a set of segments shown together, with no two segments sharing a
 * colour while the palette lasts. Keys are resolved in sorted order, so the result
 * depends only on the set of keys, never on the order they arrive in: a chart that
 * shows the same segments as another gets the same colours. Pinned keys keep theirs.
 */
export function segmentColors(keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Set<string>();
  const unique = [...new Set(keys)].sort();
  for (const key of unique) {
    const pinned = PINNED[key];
    if (pinned !== undefined) {
      out[key] = pinned;
      used.add(pinned);
    }
  }
  for (const key of unique) {
    if (out[key] !== undefined) continue;
    const start = hash(key) % CATEGORICAL.length;
    let colour: string = CATEGORICAL[start];
    for (let i = 0; i < CATEGORICAL.length; i++) {
      const candidate = CATEGORICAL[(start + i) % CATEGORICAL.length];
      if (!used.has(candidate)) {
        colour = candidate;
        break;
      }
    }
    // More segments than colours: reuse the hashed colour rather than invent one.
    out[key] = colour;
    used.add(colour);
  }
  return out;
}

export interface ChartTheme {
  /** Main text: legend, axis names. */
  text: string;
  /** Secondary text: axis labels. */
  muted: string;
  /** Axis lines. */
  axis: string;
  /** Grid (split) lines. */
  grid: string;
  /** Reference lines such as the equality diagonal. */
  reference: string;
  /** Opaque background for exported images and tooltips. */
  background: string;
  tooltipBorder: string;
  accent: string;
}

const LIGHT: ChartTheme = {
  text: '#1F2328',
  muted: '#59636E',
  axis: '#8C959F',
  grid: '#E6E8EB',
  reference: '#8C959F',
  background: '#FFFFFF',
  tooltipBorder: '#D0D7DE',
  accent: ACCENT
};

const DARK: ChartTheme = {
  text: '#E6EDF3',
  muted: '#9198A1',
  axis: '#656C76',
  grid: '#2F353D',
  reference: '#7D8590',
  background: '#151B23',
  tooltipBorder: '#3D444D',
  // The palette blue is too dark on a dark surface; the sky blue reads as the same hue.
  accent: '#56B4E9'
};

/** Text, axis and grid colours for light or dark mode. */
export function chartTheme(dark: boolean): ChartTheme {
  return dark ? DARK : LIGHT;
}
