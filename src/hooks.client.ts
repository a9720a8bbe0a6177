import type { ClientInit } from '@sveltejs/kit';
import { base } from '$app/paths';
import { engine } from '$lib/engine/client';
import { isShareView } from '$lib/state/snapshot/link';

/**
 * DuckDB takes about a second to start (mostly compiling its WebAssembly): begin before the
 * page is hydrated, not after, so that it is ready by the time anyone can drop a file. Not on a
 * shared snapshot: it shows results that travel with the link and never needs the engine.
 */
export const init: ClientInit = () => {
  if (!isShareView(location.pathname.slice(base.length))) engine.get();
};
