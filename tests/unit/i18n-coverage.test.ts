/**
 * Visible text never bypasses the dictionaries: every .svelte template under src/ is parsed with
 * Svelte's own compiler and its text and user-facing attributes must carry no words of their own;
 * every literal key given to t() / translate() exists in both languages; and every key of the
 * dictionaries is used somewhere in the sources.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'svelte/compiler';
import { ja } from '../../src/lib/i18n/messages/ja';
import { en } from '../../src/lib/i18n/messages/en';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');
const MESSAGES = path.join(SRC, 'lib/i18n/messages');

/** A word a reader would have to understand: Latin letters, kana or kanji (not digits, symbols or icons). */
const LETTER = /[A-Za-z\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** Attributes that are read out or shown to the user. */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'label']);

/**
 * Text that is deliberately not translated, by file (relative to src/) and exact trimmed text.
 * Keep every entry commented with the reason.
 */
const ALLOWED: { file: string; text: string }[] = [
  // Each language is named in its own language in the picker, whatever the current UI language.
  { file: 'lib/ui/LanguageSelect.svelte', text: '日本語' },
  { file: 'lib/ui/LanguageSelect.svelte', text: 'English' }
];

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

interface Finding {
  where: string;
  text: string;
}

type AstNode = { type?: string; start?: number; [k: string]: unknown };

/** String literals an expression evaluates to directly ('x', a ? 'x' : 'y', a || 'x', `x${y}`). */
function literalStrings(e: AstNode | null | undefined): { text: string; start: number }[] {
  if (!e || typeof e !== 'object') return [];
  switch (e.type) {
    case 'Literal':
      return typeof e.value === 'string' ? [{ text: e.value, start: e.start ?? 0 }] : [];
    case 'TemplateLiteral':
      return (e.quasis as { value: { cooked: string }; start: number }[]).map((q) => ({ text: q.value.cooked, start: q.start }));
    case 'ConditionalExpression':
      return [...literalStrings(e.consequent as AstNode), ...literalStrings(e.alternate as AstNode)];
    case 'LogicalExpression':
      return [...literalStrings(e.left as AstNode), ...literalStrings(e.right as AstNode)];
    default:
      return [];
  }
}

/** Untranslated text in one component's template (its <script> and <style> are not walked). */
function untranslated(file: string, allowed = ALLOWED): Finding[] {
  const source = readFileSync(file, 'utf8');
  const rel = path.relative(SRC, file);
  const line = (offset: number) => source.slice(0, offset).split('\n').length;
  const findings: Finding[] = [];
  const report = (text: string, offset: number, what = '') => {
    const trimmed = text.trim().replace(/\s+/g, ' ');
    if (!LETTER.test(trimmed)) return;
    if (allowed.some((a) => a.file === rel && a.text === trimmed)) return;
    findings.push({ where: `src/${rel}:${line(offset)}`, text: what + trimmed });
  };
  const ast = parse(source, { modern: true });

  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as AstNode;
    // Comments are not shown; directive values (style:height="{h}px", class:…, on…) are not text.
    if (n.type === 'Comment' || String(n.type).endsWith('Directive')) return;
    if (n.type === 'Text') return report(String(n.data), n.start ?? 0);
    if (n.type === 'ExpressionTag') {
      for (const s of literalStrings(n.expression as AstNode)) report(s.text, s.start);
      return;
    }
    if (n.type === 'Attribute') {
      const name = String(n.name);
      if (!TEXT_ATTRIBUTES.has(name) || n.value === true) return;
      const parts = (Array.isArray(n.value) ? n.value : [n.value]) as AstNode[];
      for (const p of parts) {
        if (p.type === 'Text') report(String(p.data), p.start ?? 0, `${name}=`);
        else if (p.type === 'ExpressionTag') for (const s of literalStrings(p.expression as AstNode)) report(s.text, s.start, `${name}=`);
      }
      return;
    }
    for (const [k, v] of Object.entries(n)) {
      // Expressions hold no template text (their literals are looked at above, where they are shown).
      if (k === 'expression' || k === 'metadata') continue;
      walk(v);
    }
  };
  walk(ast.fragment);
  return findings;
}

const svelteFiles = files(SRC, /\.svelte$/);
const sourceFiles = files(SRC, /\.(ts|js|svelte)$/).filter((f) => !f.startsWith(MESSAGES + path.sep));
const sources = sourceFiles.map((f) => ({ file: path.relative(ROOT, f), text: readFileSync(f, 'utf8') }));

describe('UI text coverage', () => {
  it('parses some components (the walk is not vacuous)', () => {
    expect(svelteFiles.length).toBeGreaterThan(20);
    const picker = path.join(SRC, 'lib/ui/LanguageSelect.svelte');
    expect(untranslated(picker)).toEqual([]);
    expect(untranslated(picker, []).map((f) => f.text)).toEqual(['日本語', 'English']);
  });

  it('shows no text in a template that is not looked up in the dictionaries', () => {
    const findings = svelteFiles.flatMap((f) => untranslated(f));
    expect(findings.map((f) => `${f.where}  ${JSON.stringify(f.text)}`)).toEqual([]);
  });

  it('looks up only keys that exist in both languages', () => {
    const calls = [
      // t('key'), i18n.t('key'), also with a values argument; not member calls like x.t(…)
      /(?<![\w$.])t\(\s*(['"])([^'"\n]+)\1/g,
      /\bi18n\.t\(\s*(['"])([^'"\n]+)\1/g,
      /\btranslate\(\s*[^,()]+,\s*(['"])([^'"\n]+)\1/g
    ];
    const missing: string[] = [];
    let count = 0;
    for (const { file, text } of sources) {
      for (const re of calls) {
        for (const m of text.matchAll(re)) {
          count++;
          const key = m[2];
          const where = `${file}:${text.slice(0, m.index).split('\n').length}`;
          if (!(key in ja)) missing.push(`${where}  ${key} (ja)`);
          if (!(key in en)) missing.push(`${where}  ${key} (en)`);
        }
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('uses every key of the dictionaries', () => {
    const all = sources.map((s) => s.text).join('\n');
    // Keys built at run time: `kpi.${k}` becomes /^kpi\..+$/ (only templates with a key-like
    // static part, so that `${a}.${b}` does not excuse everything); 'kpi.' + k likewise.
    const patterns: RegExp[] = [];
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of all.matchAll(/`([^`]*\$\{[^`]*)`/g)) {
      const parts = m[1].split(/\$\{[^}]*\}/);
      if (!parts.some((p) => /[a-z]\w*\./i.test(p) || /\.[a-z]/i.test(p))) continue;
      patterns.push(new RegExp('^' + parts.map(esc).join('.+') + '$', 's'));
    }
    for (const m of all.matchAll(/(['"])([a-z][\w]*(?:\.[\w]+)*\.)\1\s*\+/gi)) patterns.push(new RegExp('^' + esc(m[2]) + '.+$', 's'));

    const unused = Object.keys(ja).filter((key) => {
      const quoted = new RegExp(`['"\`]${esc(key)}['"\`]`);
      return !quoted.test(all) && !patterns.some((p) => p.test(key));
    });
    expect(unused).toEqual([]);
  });
});
