/**
 * A search's matches in a text, as parts to render as text (`{part.text}`, never HTML), for
 * marking a searched word in comments. Matches what the list search matches (lists/sql.ts): the
 * query as typed or NFKC-folded, trimmed, ignoring case, every character literal.
 */
export interface TextPart {
  text: string;
  match: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function highlightParts(text: string, query: string | null | undefined): TextPart[] {
  const typed = (query ?? '').trim();
  const variants = [...new Set([typed.normalize('NFKC').trim(), typed])].filter((v) => v.length > 0);
  if (variants.length === 0 || !text) return [{ text, match: false }];
  // Longer variants first, so that an alternation prefers the whole match.
  const re = new RegExp(variants.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'giu');
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), match: false });
    parts.push({ text: m[0], match: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false });
  return parts.length ? parts : [{ text, match: false }];
}
