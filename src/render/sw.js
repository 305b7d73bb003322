// Playbook's service worker. At install it caches only the shell (stylesheet, scripts,
// wasm, the home pages, the 404 page: well under 1 MB); then each page as it is read.
// A part or the whole course is saved when the reader asks (the page sends "save" with
// the list to fetch). Offline, a page never saved gets a short page that says so.
// Generated at build time; a new build has a new version (and a new cache).
const VERSION = "__VERSION__";
const CACHE = "playbook-" + VERSION;
const SHELL = [/*__FILES__*/];
const LANGS = [/*__LANGS__*/];
const SCOPE = self.registration.scope;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("playbook-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

const bare = (url) => { const u = new URL(url, SCOPE); u.search = ""; u.hash = ""; return u.href; };
const keep = (url, response) => caches.open(CACHE).then((c) => c.put(bare(url), response)).catch(() => {});
// Fetched files that are kept without being asked: everything read, including the few
// search files a query used (small; the whole index is saved with the whole course when
// the reader asks), but not the offline lists. Video and audio are left to the network:
// the player asks for byte ranges, which a cache cannot answer, and one recording would
// outweigh the whole course.
const MEDIA = /\.(mp4|m4v|webm|ogv|mp3|m4a|ogg|oga|opus|wav)$/i;
const keepOnUse = (url) => !MEDIA.test(url.pathname) && !url.pathname.startsWith(new URL("offline/", SCOPE).pathname);

const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));

function notSaved(url) {
  const rel = url.href.startsWith(SCOPE) ? url.href.slice(SCOPE.length) : "";
  const l = LANGS.find((x) => rel.startsWith(x.prefix)) || LANGS[LANGS.length - 1];
  const html = '<!DOCTYPE html>\n<html lang="' + escapeHtml(l.tag) + '">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>' + escapeHtml(l.title) + "</title>\n" +
    '<link rel="stylesheet" href="' + escapeHtml(SCOPE + "assets/style.css") + '">\n</head>\n<body>\n' +
    '<main id="main" class="content offline-missing">\n<h1>' + escapeHtml(l.title) + "</h1>\n<p>" + escapeHtml(l.text) +
    '</p>\n<p><a href="' + escapeHtml(SCOPE + l.prefix) + '">' + escapeHtml(l.home) + "</a></p>\n</main>\n</body>\n</html>\n";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    // Pages: the network when there is one (always fresh, and kept for later), the cache
    // when offline, and a page that says so when it was never saved.
    event.respondWith(
      fetch(req)
        .then((res) => { if (res.ok) event.waitUntil(keep(req.url, res.clone())); return res; })
        .catch(() => caches.match(req, { ignoreSearch: true }).then((r) => r || notSaved(url)))
    );
    return;
  }
  // A file asked for past the caches (search found a file of another build): the network.
  const cached = req.cache === "reload" ? Promise.resolve(undefined) : caches.match(req, { ignoreSearch: true });
  event.respondWith(
    cached.then((r) => r || fetch(req).then((res) => {
      if (res.ok && keepOnUse(url)) event.waitUntil(keep(req.url, res.clone()));
      return res;
    }))
  );
});

// Saves every file of a list (`offline/N.json`), four at a time, reporting progress.
async function save(list, port) {
  const cache = await caches.open(CACHE);
  const files = (await (await fetch(new URL(list, SCOPE))).json()).files;
  let done = 0;
  let failed = 0;
  const queue = files.slice();
  const worker = async () => {
    while (queue.length) {
      const url = new URL(queue.shift(), SCOPE).href;
      try {
        if (!(await cache.match(url))) {
          const res = await fetch(url);
          if (!res.ok) throw new Error(res.status);
          await cache.put(url, res);
        }
      } catch (e) {
        failed++;
      }
      done++;
      port.postMessage({ done, total: files.length });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  port.postMessage({ finished: true, done, failed, total: files.length });
}

// How many files of a list are saved.
async function status(list, port) {
  const cache = await caches.open(CACHE);
  const files = (await (await fetch(new URL(list, SCOPE))).json()).files;
  let saved = 0;
  for (const f of files) if (await cache.match(new URL(f, SCOPE).href)) saved++;
  port.postMessage({ saved, total: files.length });
}

self.addEventListener("message", (event) => {
  const m = event.data || {};
  const port = event.ports[0];
  if (m.type === "keep" && typeof m.url === "string") {
    // The page the reader opened before this worker was running.
    event.waitUntil(caches.open(CACHE).then(async (c) => {
      if (!(await c.match(bare(m.url)))) await c.add(bare(m.url));
    }).catch(() => {}));
  } else if ((m.type === "save" || m.type === "status") && typeof m.list === "string" && port) {
    const run = m.type === "save" ? save : status;
    event.waitUntil(run(m.list, port).catch((e) => port.postMessage({ error: String(e) })));
  }
});
