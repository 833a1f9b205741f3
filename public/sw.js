// ASL Studio's service worker: after one visit the app opens and works with no network.
// tools/post-build.mjs fills in the build's files and version; this file is the template.
//
// - install: cache every file of this build (names carry content hashes) under this version.
// - activate: drop the caches of other versions; take over open pages.
// - fetch: the page itself network first (so an online visit picks up a new build), falling
//   back to the cached page; every other same-origin GET from the cache, else the network.
const VERSION = /*VERSION*/;
const FILES = /*FILES*/;
const CACHE = `asl-studio-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("asl-studio-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          if (response.ok) caches.open(CACHE).then((cache) => cache.put("/", copy));
          return response;
        })
        .catch(() => caches.match("/", { cacheName: CACHE }).then((r) => r ?? caches.match("/index.html"))),
    );
    return;
  }
  event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
});
