/**
 * New versions of the app, offered and never forced. The service worker (src/service-worker.ts)
 * installs a new version in the background and leaves it waiting; `update.available` says so,
 * and `update.apply()` (the user's click) lets it take over. The page then reloads once, at the
 * same URL, so the view (filters and settings live in the URL) is kept.
 */
import { base } from '$app/paths';
import { dataset } from './dataset.svelte';

/** What a waiting worker understands (see the `message` listener in src/service-worker.ts). */
type WorkerMessage = { type: 'SKIP_WAITING' };

/** While the page is open, look for a new version this often… */
const CHECK_EVERY_MS = 60 * 60 * 1000;
/** …and when it is shown again, unless it looked less than this long ago. */
const MIN_GAP_MS = 60 * 1000;

class UpdateStore {
  /** The installed new version, waiting for the user. */
  #waiting = $state.raw<ServiceWorker | null>(null);
  readonly available = $derived(this.#waiting !== null);
  /** Clicked: the new version is taking over and the page is about to reload. */
  applying = $state(false);
  /** Switching versions reloads the page, which would cut a load short. */
  readonly blocked = $derived(dataset.status === 'restoring' || dataset.status === 'busy' || dataset.status === 'mapping');

  apply(): void {
    if (!this.#waiting || this.blocked || this.applying) return;
    this.applying = true;
    this.#waiting.postMessage({ type: 'SKIP_WAITING' } satisfies WorkerMessage);
  }

  /** Offer every version that gets installed while an older one is active. */
  watch(registration: ServiceWorkerRegistration): void {
    const offer = (worker: ServiceWorker | null) => {
      // The very first install has no older version to wait for: it activates by itself.
      if (!worker || !registration.active) return;
      this.#waiting = worker;
      this.applying = false;
      worker.addEventListener('statechange', () => {
        // Taken over (here or in another tab), or replaced by an even newer installed version.
        if ((worker.state === 'activated' || worker.state === 'redundant') && this.#waiting === worker) {
          this.#waiting = null;
          this.applying = false;
        }
      });
    };
    offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed') offer(worker);
      });
    });
  }
}

export const update = new UpdateStore();

/** Reload once, but never in the middle of a load (another tab may have applied the update). */
function reloadWhenIdle(): void {
  $effect.root(() => {
    $effect(() => {
      if (!update.blocked) location.reload();
    });
  });
}

let registered = false;

/** Register the service worker (for offline use and updates) and look for new versions. */
export function registerServiceWorker(): void {
  if (registered || !('serviceWorker' in navigator)) return;
  registered = true;
  const container = navigator.serviceWorker;

  // A page an older version controlled must reload to run the new one. An uncontrolled page
  // (the first visit) is only claimed by the first version: nothing to reload.
  let controlled = container.controller !== null;
  let reloading = false;
  container.addEventListener('controllerchange', () => {
    if (!controlled) controlled = true;
    else if (!reloading) {
      reloading = true;
      reloadWhenIdle();
    }
  });

  container.register(`${base}/service-worker.js`).then(
    (registration: ServiceWorkerRegistration | undefined) => {
      // Some browsers with service workers turned off (and Playwright's "block") resolve with nothing.
      if (!registration) return;
      update.watch(registration);
      // Registering just looked; a look is a fetch of the small worker script, nothing more.
      let lastCheck = Date.now();
      const check = () => {
        if (Date.now() - lastCheck < MIN_GAP_MS || !navigator.onLine || registration.installing || registration.waiting) return;
        lastCheck = Date.now();
        // Offline or the server unreachable: the next look will tell.
        registration.update().catch(() => undefined);
      };
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') check();
      });
      setInterval(check, CHECK_EVERY_MS);
    },
    (e: unknown) => console.warn('Service worker not registered; the app will not work offline.', e)
  );
}
