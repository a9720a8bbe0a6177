/**
 * What an analysis returns when the data lacks the columns it reads, so that the page can say
 * what is missing instead of showing nothing. Columns are named as the load report's `columns`
 * keys (canonical roles). A column counts as missing when no loaded row has a value in it: a
 * mapped column left empty throughout says as little as none.
 */
export interface Unavailable<C extends string> {
  available: false;
  missing: C[];
}
