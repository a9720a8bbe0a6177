/** Put URL query parameters for a view change: a history entry, so back/forward step through views. */
import { goto } from '$app/navigation';
import { page } from '$app/state';

export function setParams(update: (params: URLSearchParams) => URLSearchParams | void): void {
  const params = new URLSearchParams(page.url.searchParams);
  const next = update(params) ?? params;
  const q = next.toString();
  void goto(q ? `?${q}` : page.url.pathname, { keepFocus: true, noScroll: true });
}
