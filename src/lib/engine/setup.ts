/**
 * Run on every new connection, browser and tests alike. Extensions can't be fetched offline
 * (and must never be fetched from another origin), so autoloading is off.
 */
export const ENGINE_SETUP_SQL = 'SET autoinstall_known_extensions=false; SET autoload_known_extensions=false;';

/** DuckDB options shared by every instance: numbers stay JS numbers across the boundary. */
export const ENGINE_QUERY_CONFIG = { castBigIntToDouble: true, castDecimalToDouble: true } as const;
