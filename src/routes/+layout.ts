// A static app: every page is a prerendered shell; all work happens in the browser.
export const prerender = true;
export const ssr = false;
export const trailingSlash = 'never';
