// Playbook's service worker: precaches the whole site on the first visit so that pages,
// widgets and search work offline. Generated at build time; a new build has a new version.
const VERSION = "__VERSION__";
const CACHE = "playbook-" + VERSION;
const FILES = [/*__FILES__*/];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("playbook-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    // Pages: the network when there is one (always fresh), the cache when offline.
    event.respondWith(
      fetch(req).catch(() =>
        caches.match(req, { ignoreSearch: true })
          .then((r) => r || caches.match(new URL("404.html", self.registration.scope).href)))
    );
    return;
  }
  event.respondWith(caches.match(req).then((r) => r || fetch(req)));
});
