/**
 * Run on every new connection, browser and tests alike. Extensions can't be fetched offline
 * (and must never be fetched from another origin), so autoloading is off. The loader's typed
 * tables (what `orders` reads) and cached intermediate results (analyses/cache.ts) live in an
 * in-memory database of their own: every connection sees them (a background query reads the
 * same data), and they never go into a database file the command-line tool was pointed at.
 */
export const WORK_DATABASE = 'kizuna_work';
export const ENGINE_SETUP_SQL = `SET autoinstall_known_extensions=false; SET autoload_known_extensions=false; ATTACH IF NOT EXISTS ':memory:' AS ${WORK_DATABASE};`;

/**
 * DuckDB options shared by every instance: numbers stay JS numbers across the boundary. A query
 * sent in the background (BrowserDatabase.queryIdle) runs in slices of about this many
 * milliseconds, so a query the user waits for gets in between two slices.
 */
export const ENGINE_QUERY_CONFIG = { castBigIntToDouble: true, castDecimalToDouble: true, queryPollingInterval: 5 } as const;
