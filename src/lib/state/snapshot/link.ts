/** Where a shared snapshot opens, and how long a link may get before the report file is the better way. */

/** The share view's path (under the app's base path); the snapshot travels in the fragment. */
export const SHARE_PATH = '/share';

/** Links longer than this are cut or refused by many mail and chat apps: offer the report file instead. */
export const MAX_LINK_LENGTH = 8000;

export const isShareView = (pathname: string): boolean => pathname === SHARE_PATH || pathname === `${SHARE_PATH}/`;

/** The full link for a fragment made by `encodeSnapshot`. */
export function shareLink(origin: string, base: string, fragment: string): string {
  return `${origin}${base}${SHARE_PATH}#${fragment}`;
}
