/**
 * No customer in a snapshot (property-based): generated shops whose customers have unique ids,
 * names, e-mail addresses, phone numbers and comments — some of them even in columns the pages
 * split by (a channel that is somebody's e-mail, an acquisition source that is a name) — are
 * loaded through the real importer, every page is computed with the settings that show those
 * columns, and none of those strings may appear in the snapshot, in the link, or in the
 * snapshot decoded from the link. Referrers are customers too: their ids (in `referred_by`) and a
 * tier that is a person's name never appear either.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NodeDatabase } from '../helpers/duckdb';
import { loadFiles } from '../helpers/load';
import { collectPages } from '../helpers/pages';
import { buildSnapshot } from '../../src/lib/state/snapshot/build';
import { decodeSnapshot, encodeSnapshot } from '../../src/lib/state/snapshot/codec';
import { files, secrets, shop } from '../helpers/pii-shop';

describe('snapshots of generated shops', () => {
  it('contain no customer id, name, e-mail, phone number or comment, whatever the pages are split by', async () => {
    await fc.assert(
      fc.asyncProperty(shop, async (people) => {
        const db = await NodeDatabase.open();
        try {
          await loadFiles(db, files(people));
          const dataset = { rows: 1, customers: people.length, orders: 1, from: null, to: null };
          const filters = { from: null, to: null, channels: [], member: 'all' as const };
          // Filtered to a channel that is one person's e-mail: every page is about fewer than 5 customers.
          const own = people.find((p) => p.channel === p.email);
          if (own) {
            const params = new URLSearchParams({ channel: own.channel });
            const alone = buildSnapshot({ pages: await collectPages(db, params), filters: { ...filters, channels: [own.channel] }, dataset, locale: 'ja', currency: 'JPY' });
            // Every page with something to show is refused; a page with nothing at all for this shop
            // (no coupon codes: no campaigns) may go as the empty page it is, and holds no figure.
            const empty = (alone.snapshot?.pages ?? []).filter((p) => Object.values(p.results).every((r) => r === null)).map((p) => p.id);
            expect(alone.snapshot?.pages.map((p) => p.id) ?? []).toEqual(empty);
            expect([...alone.refused, ...empty].sort()).toEqual(['campaigns', 'clv', 'cohorts', 'goals', 'loyal', 'nps', 'overview', 'programme', 'referral', 'segments', 'tiers']);
            expect(alone.refused).toContain('overview');
          }
          // Every page split two ways, each as one all-pages snapshot (the most a report holds).
          for (const params of ['by=channel', 'scheme=cpm&by=acquisition_source&grain=week']) {
            const { snapshot } = buildSnapshot({ pages: await collectPages(db, new URLSearchParams(params)), filters, dataset, locale: 'ja', currency: 'JPY' });
            if (!snapshot) continue; // every page withheld: nothing leaves the device at all
            // The tiers and referral pages are there with figures, what referrers brought too (as bins).
            const results = (id: string) => snapshot.pages.find((p) => p.id === id)?.results as Record<string, { available?: boolean; referrers?: unknown } | null> | undefined;
            expect(results('tiers')?.tiers?.available, 'tiers').toBe(true);
            expect((results('tiers')?.tiers as { movement?: { available: boolean; moves: unknown[] } }).movement, 'movement').toMatchObject({ available: true });
            expect(results('tiers')?.points?.available, 'points').toBe(true);
            expect(results('referral')?.referral?.referrers, 'referrers').toBeTruthy();
            const fragment = await encodeSnapshot(snapshot);
            const decoded = await decodeSnapshot(fragment);
            expect(decoded.ok ? null : decoded, 'decoded').toBeNull();
            const texts = [JSON.stringify(snapshot), fragment, decodeURIComponent(fragment), decoded.ok ? JSON.stringify(decoded.snapshot) : ''];
            for (const secret of secrets(people)) for (const text of texts) expect(text.includes(secret), secret).toBe(false);
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 6, seed: 20261202, endOnFailure: true }
    );
  }, 300_000);

  it('would show a value shared by five customers or more (the check above can fail)', async () => {
    const people = fc.sample(shop, { numRuns: 1, seed: 1 })[0].map((p) => ({ ...p, channel: 'pii.shared@example.jp' }));
    const db = await NodeDatabase.open();
    await loadFiles(db, files(people));
    const pages = await collectPages(db, new URLSearchParams('by=channel'));
    const { snapshot } = buildSnapshot({
      pages, filters: { from: null, to: null, channels: [], member: 'all' },
      dataset: { rows: 1, customers: people.length, orders: 1, from: null, to: null }, locale: 'ja', currency: 'JPY'
    });
    expect(JSON.stringify(snapshot)).toContain('pii.shared@example.jp');
    // A tier shared by many is shown by name.
    expect(JSON.stringify(snapshot)).toContain('ゴールド');
    db.close();
  }, 120_000);
});
