// Halfway's service worker: it lets a phone add the site to its home screen, and shows the
// offline page when a page is opened without a connection. It keeps nothing else: while the
// device is online it does not touch a single request, so no page is ever served stale. It
// also shows the notifications the site pushes to a device whose member turned push on.
// A new name when the offline page changes: installing the new worker keeps the new page.
const CACHE = "halfway-offline-2";
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

// A notification pushed by the site (forum/services/push.py): {title, body, url}, worded in
// the member's language. A tap opens what it is about, in a tab already open if there is one.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "Halfway", {
      body: message.body || "",
      icon: "/icon-192.png",
      data: { url: message.url || "/notifications/" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data.url, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then((windows) => {
      const open = windows.find((client) => client.url === url);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
