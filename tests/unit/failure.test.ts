/**
 * Failures on analysis pages, lists and reports (ui/failure.ts): DuckDB's real error texts and
 * the other things a call can throw are sorted into kinds, and each kind is worded in both
 * languages with what to do — never with the engine's text in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDatabase } from '../helpers/duckdb';
import { FAILURE_KINDS, failureOf, failureText, type Failure, type FailureContext } from '../../src/lib/ui/failure';
import { translate, type Locale } from '../../src/lib/i18n/index.svelte';
import { ja } from '../../src/lib/i18n/messages/ja';

let db: NodeDatabase;
beforeAll(async () => {
  db = await NodeDatabase.open();
  await db.exec('CREATE TABLE orders (customer_id VARCHAR, amount DOUBLE)');
});
afterAll(() => db.close());

/** What DuckDB throws for `sql` (the test fails if it does not throw). */
async function duckdbError(sql: string): Promise<Error> {
  try {
    await db.query(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error(`expected ${sql} to fail`);
}

const engineDied = (detail: string) => Object.assign(new Error(`engine stopped (crashed): ${detail}`), { name: 'EngineDied' });
const say = (locale: Locale) => (key: keyof typeof ja, values?: Record<string, string>) => translate(locale, key, values);

describe('failureOf sorts what was thrown', () => {
  it('reads real DuckDB errors', async () => {
    const missing = await duckdbError('SELECT * FROM order_facts');
    expect(missing.message).toMatch(/Catalog Error/);
    expect(failureOf(missing)).toEqual({ kind: 'data_gone', raw: missing.message });

    const column = await duckdbError('SELECT no_such_column FROM orders');
    expect(failureOf(column).kind).toBe('internal');
    const cast = await duckdbError("SELECT CAST('abc' AS INTEGER)");
    expect(failureOf(cast).kind).toBe('internal');
    const syntax = await duckdbError('SELEC 1');
    expect(failureOf(syntax)).toEqual({ kind: 'internal', raw: syntax.message });
  });

  it('tells a stopped engine, memory, an engine that does not answer, and an interruption', () => {
    expect(failureOf(engineDied('no answer')).kind).toBe('engine_stopped');
    expect(failureOf(new Error('Out of Memory Error: could not allocate block of size 256.0 KiB')).kind).toBe('memory');
    expect(failureOf(new Error('RuntimeError: memory access out of bounds')).kind).toBe('memory');
    expect(failureOf(new RangeError('Array buffer allocation failed')).kind).toBe('memory');
    expect(failureOf(new Error('RuntimeError: unreachable executed')).kind).toBe('engine');
    expect(failureOf(new Error('Worker was terminated')).kind).toBe('engine');
    expect(failureOf(new Error('INTERRUPT Error: Interrupted!')).kind).toBe('interrupted');
    expect(failureOf(new Error('cancelled')).kind).toBe('interrupted');
    expect(failureOf(new TypeError("Cannot read properties of undefined (reading 'x')")).kind).toBe('internal');
    expect(failureOf('plain text')).toEqual({ kind: 'internal', raw: 'plain text' });
    expect(failureOf(undefined)).toEqual({ kind: 'internal', raw: 'undefined' });
  });

  it('keeps a failure passed on from another analysis as it is', () => {
    const f: Failure = { kind: 'memory', raw: 'Out of Memory Error' };
    expect(failureOf(f)).toBe(f);
    // An object that only looks a bit like one is not taken for one.
    expect(failureOf({ kind: 'nonsense', raw: 'x' }).kind).toBe('internal');
  });
});

describe('failureText words every kind in both languages', () => {
  const contexts: FailureContext[] = ['analysis', 'list', 'report', 'download'];

  it('without the engine text, saying what failed and what to do', async () => {
    const raw = (await duckdbError('SELECT * FROM order_facts')).message;
    for (const locale of ['ja', 'en'] as const) {
      const seen = new Set<string>();
      for (const kind of FAILURE_KINDS)
        for (const context of contexts) {
          const text = failureText({ kind, raw }, context, say(locale));
          expect(text).not.toContain('Catalog');
          expect(text).not.toContain('order_facts');
          expect(text).not.toMatch(/\{|\}/);
          if (locale === 'ja') expect(text).toMatch(/[\p{Script=Hiragana}\p{Script=Han}]/u);
          seen.add(text);
        }
      // Each kind and each context reads differently (a stopped engine is said one way everywhere).
      expect(seen.size).toBe((FAILURE_KINDS.length - 1) * contexts.length + 1);
    }
  });

  it('in the words the page uses', () => {
    expect(failureText({ kind: 'data_gone', raw: 'x' }, 'analysis', say('ja'))).toBe(
      'この集計を計算できませんでした。読み込んだデータが分析エンジンの中に見当たりません。「データ」のページから、もう一度データを読み込んでください。'
    );
    expect(failureText({ kind: 'memory', raw: 'x' }, 'list', say('en'))).toBe(
      'This list could not be made. This browser ran out of memory. Close other tabs, or narrow the period or the customers with the filters, and try again.'
    );
    // A stopped engine is said as the card always said it: the banner at the top offers the reload.
    expect(failureText({ kind: 'engine_stopped', raw: 'x' }, 'analysis', say('ja'))).toBe(ja['engine.died.card']);
  });
});
