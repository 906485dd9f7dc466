/** Registers the offline service worker in a built app (not in the dev server, whose files change on every edit). */
export function registerOfflineApp(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {
    // Without a service worker the app still works online; nothing to tell the user.
  });
}
