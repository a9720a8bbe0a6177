/** Follows the system's light/dark setting, for chart colours (CSS follows it by itself). */
class DarkMode {
  dark = $state(typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches);
  constructor() {
    if (typeof matchMedia === 'undefined') return;
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => (this.dark = e.matches));
  }
}
export const darkMode = new DarkMode();
