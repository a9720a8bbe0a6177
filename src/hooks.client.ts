import type { ClientInit } from '@sveltejs/kit';
import { engine } from '$lib/engine/client';

/**
 * DuckDB takes about a second to start (mostly compiling its WebAssembly): begin before the
 * page is hydrated, not after, so that it is ready by the time anyone can drop a file.
 */
export const init: ClientInit = () => {
  engine.get();
};
