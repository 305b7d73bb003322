// Playbook search page: queries the site's split search index with the search module
// (`playbook_search`, the toolkit's tokenizer and ranking compiled to wasm). Loaded by
// widgets.js only on the search page.

// An element of class `cls` holding `text` (never markup).
function el(tag, cls, text) {
  const e = document.createElement(tag);
  e.className = cls;
  e.textContent = text;
  return e;
}

// Search downloads little: a small manifest, then for each query the shards of its terms
// and the chunks of the pages it shows, each fetched once and kept for the next query.
// Results show as soon as the first shard arrives and fill in as the others do. A file
// that cannot be had (offline, missing, damaged) gives a message in the results area with
// what the other files found; a file from another build of the site makes the page load
// the new manifest and search again (once).

// Fetches a file's text; throws with `status` for an HTTP error, without for no network.
async function fetchText(url, reload) {
  const r = await fetch(url, reload ? { cache: "reload" } : undefined);
  if (!r.ok) throw Object.assign(new Error("HTTP " + r.status), { status: r.status });
  return r.text();
}

// Why a search file could not be used, said in the results area.
function searchProblem(why, zh) {
  if (why === "offline") {
    return zh ? "现在没有网络，这次搜索需要的搜索索引也还没有保存到本设备。联网后再试，或在首页保存整个课程供离线阅读。" : "You are offline and the search index this query needs has not been saved on this device. Try again online, or save the whole course for offline reading from the home page.";
  }
  if (why === "format" || why === "stale") {
    return zh ? "搜索索引来自网站的另一个版本。请刷新本页。" : "The search index belongs to another version of the site. Reload this page.";
  }
  const what = why === "corrupt" ? (zh ? "文件不完整或已损坏" : "a file is incomplete or damaged") : (zh ? "文件无法下载（" + why + "）" : "a file could not be downloaded (" + why + ")");
  return zh ? "搜索索引的一部分无法加载：" + what + "。下面的结果可能不完整。" : "Part of the search index could not be loaded: " + what + ". The results below may be incomplete.";
}

// Pages of results shown at first, and added by each "more results".
const SEARCH_PAGES = 10;

export async function hydrateSearch(root) {
  const lang = root.dataset.lang;
  const zh = lang.startsWith("zh");
  const input = root.querySelector('input[name="q"]');
  const out = root.querySelector("#search-results");
  const q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  const header = document.getElementById("search-box");
  if (header) header.value = q;
  const say = (cls, text, busy) => {
    if (busy) out.setAttribute("aria-busy", "true"); else out.removeAttribute("aria-busy");
    out.replaceChildren(el("p", cls, text));
  };
  say("search-loading", zh ? "正在加载搜索索引…" : "Loading the search index…", true);
  // Search has a wasm module of its own: widget pages never download it.
  const [manifest, search] = await Promise.all([
    fetchText("manifest.txt").catch((e) => e),
    import("./playbook_search.js").then(async (m) => { await m.default(); return m; }),
  ]);
  if (manifest instanceof Error) {
    say("search-error", manifest.status ? (zh ? "搜索索引无法加载（HTTP " + manifest.status + "）。" : "The search index could not be loaded (HTTP " + manifest.status + ").") : searchProblem("offline", zh), false);
    return;
  }
  const opened = search.search_open(manifest);
  if (opened) {
    say("search-error", searchProblem(opened, zh), false);
    return;
  }
  const list = (s) => (s ? s.split(",").map(Number) : []);
  // Files asked for (shards by number, page chunks by number), and why some failed.
  let loading = { shards: new Map(), pages: new Map(), failedShards: new Map(), failedPages: new Map() };
  let reloaded = false;
  let pages = SEARCH_PAGES;
  let generation = 0;
  // After "more results": the first new result, focused once it has arrived.
  let focusAt = -1;

  // Loads one file into the index; resolves to "" when loaded, else why not ("restarted"
  // when the site changed and the search started again from the new manifest).
  const load = async (url, add) => {
    const mine = loading;
    let why;
    try { why = add(await fetchText(url)); } catch (e) { why = e.status ? "HTTP " + e.status : "offline"; }
    if (why === "stale" && mine === loading) {
      // Another build of the site: the file past the caches, and if the manifest has
      // changed too, everything again from the new one.
      try { why = add(await fetchText(url, true)); } catch (e) { why = e.status ? "HTTP " + e.status : "offline"; }
      if (why === "stale" && !reloaded && mine === loading) {
        reloaded = true;
        try {
          const before = search.search_version();
          if (!search.search_open(await fetchText("manifest.txt", true)) && search.search_version() !== before) {
            loading = { shards: new Map(), pages: new Map(), failedShards: new Map(), failedPages: new Map() };
            run();
            return "restarted";
          }
        } catch (e) { /* the message below says what failed */ }
      }
    }
    return mine === loading ? why : "restarted";
  };

  const render = (typed) => {
    const need = list(search.search_shards(typed));
    const failed = need.filter((n) => loading.failedShards.has(n));
    // Whether every file this query shows has arrived or failed (for tests and styles).
    const waiting = need.length - failed.length + list(search.search_missing(typed, pages)).filter((p) => !loading.failedPages.has(p)).length;
    out.dataset.complete = waiting ? "false" : "true";
    const html = search.search_html(typed, root.dataset.root, lang, pages, Array.from(loading.failedPages.keys()).join(","));
    if (need.length > failed.length && /class="search-empty"/.test(html)) {
      say("search-loading", zh ? "正在搜索…" : "Searching…", true);
      return;
    }
    out.removeAttribute("aria-busy");
    out.innerHTML = html;
    if (failed.length) {
      const note = el("p", "search-error", searchProblem(loading.failedShards.get(failed[0]), zh));
      note.setAttribute("role", "alert");
      out.prepend(note);
    }
    if (window.playbookIndexLinks) window.playbookIndexLinks(out);
    const next = focusAt >= 0 && out.querySelectorAll("li.search-page")[focusAt];
    const link = next && !waiting && next.querySelector(":scope > a");
    if (link) {
      link.focus();
      focusAt = -1;
    }
  };

  // The chunks of the pages shown, then the results again as each arrives.
  // A chunk already on its way for an earlier keystroke's query renders this query too when
  // it arrives (as shards do): otherwise the last query would wait for it forever.
  const fetchPages = (typed, gen, count) => {
    for (const p of list(search.search_missing(typed, count))) {
      if (loading.failedPages.has(p)) continue;
      if (!loading.pages.has(p)) {
        const mine = loading;
        mine.pages.set(p, load("d/" + p + ".txt", (t) => search.search_add_page(p, t)).then((why) => {
          if (why === "restarted") return why;
          if (why) mine.failedPages.set(p, why);
          return why;
        }));
      }
      loading.pages.get(p).then((why) => {
        if (why !== "restarted" && gen === generation) render(typed);
      });
    }
  };

  // The query goes as typed: a last word not yet followed by a space matches as a prefix.
  // A new query tries again the files that failed for an earlier one.
  function run(fresh) {
    const gen = ++generation;
    const typed = input.value.replace(/^\s+/, "");
    if (fresh) {
      for (const n of loading.failedShards.keys()) loading.shards.delete(n);
      for (const n of loading.failedPages.keys()) loading.pages.delete(n);
      loading.failedShards.clear();
      loading.failedPages.clear();
    }
    if (!typed.trim()) {
      out.removeAttribute("aria-busy");
      out.dataset.complete = "true";
      out.innerHTML = "";
      return;
    }
    for (const n of list(search.search_shards(typed))) {
      if (loading.shards.has(n)) continue;
      const mine = loading;
      mine.shards.set(n, load("t/" + n + ".txt", (t) => search.search_add_shard(n, t)).then((why) => {
        if (why === "restarted") return;
        if (why) mine.failedShards.set(n, why);
        return why;
      }));
    }
    // While shards are still on their way only the first result's chunk is fetched (so a
    // result shows at once); the rest once every shard is in (or failed), since a ranking
    // from some shards would fetch the chunks of pages that the others push out.
    const fetchNow = () => fetchPages(typed, gen, list(search.search_shards(typed)).every((n) => loading.failedShards.has(n)) ? pages : 1);
    for (const n of list(search.search_shards(typed))) {
      loading.shards.get(n).then(() => {
        if (gen !== generation) return;
        fetchNow();
        render(typed);
      });
    }
    fetchNow();
    render(typed);
  }

  input.addEventListener("input", () => {
    pages = SEARCH_PAGES;
    run(true);
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
  });
  out.addEventListener("click", (e) => {
    const t = e.target.closest('button[data-action="more"]');
    if (!t) return;
    // Keyboard users go on from the first new result.
    focusAt = out.querySelectorAll("li.search-page").length;
    pages += SEARCH_PAGES;
    run();
  });
  root.querySelector("form").addEventListener("submit", (e) => { e.preventDefault(); run(true); });
  run(true);
}
