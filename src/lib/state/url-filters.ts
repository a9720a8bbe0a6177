/**
 * Global filters ⇄ URL query parameters, so reload, back/forward and shared links restore the
 * view. Parsing is forgiving: anything malformed falls back to "no filter", never throws.
 */
import { NO_FILTERS, type Filters, type MemberFilter } from '../analyses/filters';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(v: string | null): string | null {
  if (!v || !DATE.test(v)) return null;
  const d = new Date(v + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? v : null;
}

export function filtersFromParams(params: URLSearchParams): Filters {
  let from = validDate(params.get('from'));
  let to = validDate(params.get('to'));
  if (from && to && from > to) [from, to] = [to, from];
  const member = params.get('member');
  return {
    from,
    to,
    channels: params.getAll('channel').filter((c) => c.length > 0 && c.length <= 200),
    member: (member === 'member' || member === 'non_member' ? member : 'all') as MemberFilter
  };
}

/** Write the filters into a copy of `params`, keeping unrelated parameters. */
export function filtersToParams(f: Filters, params: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const k of ['from', 'to', 'channel', 'member']) out.delete(k);
  if (f.from) out.set('from', f.from);
  if (f.to) out.set('to', f.to);
  for (const c of f.channels) out.append('channel', c);
  if (f.member !== NO_FILTERS.member) out.set('member', f.member);
  return out;
}
