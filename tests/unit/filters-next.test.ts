import { describe, expect, it } from 'vitest';
import { NO_FILTERS, filtersKey, nextFilters, presetRange } from '../../src/lib/analyses/filters';

describe('presetRange', () => {
  it('counts the last date in: 365 and 90 days ending on it', () => {
    expect(presetRange('12m', '2026-03-31')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(presetRange('90d', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(presetRange('all', '2026-03-31')).toEqual({ from: null, to: null });
    expect(presetRange('12m', null)).toEqual({ from: null, to: null });
  });
});

describe('nextFilters', () => {
  const choices = { lastDate: '2026-03-31', channels: ['app', 'online'], hasMembers: true };

  it('offers every one-control change of the filter bar, in its order, never the filters themselves', () => {
    const next = nextFilters(NO_FILTERS, choices);
    expect(next).toEqual([
      { ...NO_FILTERS, from: '2025-04-01', to: '2026-03-31' },
      { ...NO_FILTERS, from: '2026-01-01', to: '2026-03-31' },
      { ...NO_FILTERS, channels: ['app'] },
      { ...NO_FILTERS, channels: ['online'] },
      { ...NO_FILTERS, member: 'member' },
      { ...NO_FILTERS, member: 'non_member' }
    ]);
  });

  it('keeps the other controls as they are, and leads back to all channels and all time', () => {
    const f = { from: '2025-04-01', to: '2026-03-31', channels: ['app'], member: 'member' as const };
    const next = nextFilters(f, choices);
    expect(next).toContainEqual({ ...f, from: null, to: null });
    expect(next).toContainEqual({ ...f, channels: [] });
    expect(next).toContainEqual({ ...f, channels: ['online'] });
    expect(next.every((g) => filtersKey(g) !== filtersKey(f))).toBe(true);
    expect(new Set(next.map(filtersKey)).size).toBe(next.length);
  });

  it('offers no channel or member change the data cannot make', () => {
    const next = nextFilters(NO_FILTERS, { lastDate: null, channels: [], hasMembers: false });
    expect(next).toEqual([]);
  });
});
