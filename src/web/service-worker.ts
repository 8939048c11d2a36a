// The playground's offline cache: every file of the build is stored when the app is first opened, then served from there.
//
// Hashed assets never change, so the cache answers them first. The page itself is asked of the
// network first, so a new build is picked up at once, and taken from the cache when the network
// (or `kernelize playground`) is gone. The build fills in the file list and a version that
// changes with it (see vite.config.ts).
/// <reference lib="webworker" />
export {}; // a module, so `self` below can be declared as the service worker's scope
declare const self: ServiceWorkerGlobalScope;

const CACHE = "kernelize-playground-__VERSION__";
declare const __FILES__: string[];
const FILES: string[] = __FILES__;

const scoped = (file: string) => new URL(file, self.registration.scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map(scoped)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("kernelize-playground-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(scoped("index.html"), { cacheName: CACHE })) ?? Response.error()),
    );
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
});
