// Halfway's service worker: it lets a phone add the site to its home screen, and shows the
// offline page when a page is opened without a connection. It keeps nothing else: while the
// device is online it does not touch a single request, so no page is ever served stale.
const CACHE = "halfway-offline-1";
const OFFLINE_PAGE = "/offline.html";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([OFFLINE_PAGE, "/offline.css", "/icon-192.png"]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  if (self.navigator.onLine) {
    return;
  }
  if (event.request.mode === "navigate") {
    event.respondWith(caches.match(OFFLINE_PAGE));
  } else {
    // The offline page's own stylesheet and icon; anything else fails as it would have.
    event.respondWith(caches.match(event.request).then((kept) => kept || Response.error()));
  }
});
