// Playbook default theme: phone menu toggle, and links that work from file:// and inside
// an LMS package (both serve files, not folders).
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  // Pages of an LMS package (`playbook package`) carry data-package.
  var packaged = root.hasAttribute("data-package");
  // Links to folders get `index.html` added where folders do not resolve to it.
  var indexLinks = function (scope) {
    var links = scope.querySelectorAll("a[href], form[action]");
    for (var i = 0; i < links.length; i++) {
      var attr = links[i].tagName === "FORM" ? "action" : "href";
      var href = links[i].getAttribute(attr);
      if (/^[a-z]+:/i.test(href) || href.charAt(0) === "#") continue;
      var parts = href.split("#");
      if (parts[0] === "" || /\/$/.test(parts[0])) {
        parts[0] = parts[0] + "index.html";
        links[i].setAttribute(attr, parts.join("#"));
      }
    }
  };
  if (location.protocol === "file:" || packaged) window.playbookIndexLinks = indexLinks;
  // Offline: register the site's service worker (scope: the site root, found from this
  // script's own URL, so it works under any subpath). Not from disk, not under `serve`.
  var me = document.currentScript;
  if (me && !packaged && "serviceWorker" in navigator && location.protocol !== "file:") {
    window.addEventListener("load", function () {
      if (document.querySelector('script[src="/__playbook/reload.js"]')) return;
      var base = new URL("../", me.src);
      navigator.serviceWorker.register(new URL("sw.js", base).href, { scope: base.href })
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function (reg) {
          // The page being read is kept for offline reading (it loaded before the worker ran).
          reg.active.postMessage({ type: "keep", url: location.href });
          offlineSaving(reg.active, base);
        })
        .catch(function () {});
    });
  }

  // "Save this part / the whole course for offline reading": shows the size first, and
  // downloads only when asked.
  function offlineSaving(worker, base) {
    var boxes = document.querySelectorAll("[data-offline]");
    if (!boxes.length) return;
    var ask = function (message, onAnswer) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (e) { onAnswer(e.data); };
      worker.postMessage(message, [channel.port2]);
    };
    fetch(new URL("offline/index.json", base).href)
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (index) {
        for (var i = 0; i < boxes.length; i++) setUp(boxes[i], index);
      })
      .catch(function () {});
    function size(bytes) {
      var mb = bytes / 1048576;
      return mb >= 1 ? mb.toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
    }
    function setUp(box, index) {
      var zh = /^zh/.test(box.getAttribute("data-lang") || "");
      var key = box.getAttribute("data-offline");
      var entry = key === "all" ? index.all[box.getAttribute("data-lang")] : index.parts[decodeURI(key)];
      if (!entry) return;
      var button = box.querySelector("button");
      var status = box.querySelector(".offline-status");
      button.textContent = button.textContent + (zh ? "（" + size(entry.bytes) + "）" : " (" + size(entry.bytes) + ")");
      box.hidden = false;
      ask({ type: "status", list: entry.list }, function (a) {
        if (a.total && a.saved === a.total) {
          status.textContent = zh ? "已保存在本设备，可离线阅读。" : "Saved on this device for offline reading.";
        }
      });
      button.addEventListener("click", function () {
        button.disabled = true;
        status.textContent = zh ? "正在保存…" : "Saving…";
        ask({ type: "save", list: entry.list }, function (a) {
          if (a.error) {
            button.disabled = false;
            status.textContent = zh ? "保存失败：" + a.error : "Could not save: " + a.error;
          } else if (a.finished) {
            button.disabled = false;
            status.textContent = a.failed
              ? (zh ? "已保存 " + (a.done - a.failed) + " / " + a.total + " 个文件；网络中断，可再试一次。" : "Saved " + (a.done - a.failed) + " of " + a.total + " files; the connection dropped, try again.")
              : (zh ? "已保存在本设备（" + a.total + " 个文件，" + size(entry.bytes) + "），可离线阅读。" : "Saved on this device (" + a.total + " files, " + size(entry.bytes) + ") for offline reading.");
          } else {
            status.textContent = zh ? "正在保存… " + a.done + " / " + a.total : "Saving… " + a.done + " of " + a.total;
          }
        });
      });
    }
  }
  // Storage that may be missing (private mode, blocked): reading and writing never throw.
  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) { /* unavailable */ } },
  };
  // The site root (this script is `assets/playbook.js`), and a URL's path below it, the
  // same for `x/` and `x/index.html`: what read marks and "continue" are keyed by.
  var siteRoot = me ? new URL("../", me.src) : new URL("./", location.href);
  var sitePath = function (href) {
    var u = new URL(href, location.href);
    if (u.origin !== siteRoot.origin || u.pathname.indexOf(siteRoot.pathname) !== 0) return null;
    return decodeURI(u.pathname.slice(siteRoot.pathname.length)).replace(/index\.html$/, "");
  };
  var lang = function () {
    var nav = document.getElementById("sidebar");
    return (nav && nav.getAttribute("data-lang")) || root.lang.split("-")[0];
  };

  // The heading of the section being read: the last of `ids` whose top is in the upper
  // quarter of the window or above (none at the top of the page).
  function currentSection(ids) {
    var at = -1;
    for (var i = 0; i < ids.length; i++) {
      var h = document.getElementById(ids[i]);
      if (h && h.getBoundingClientRect().top <= Math.max(90, innerHeight / 4)) at = i;
    }
    return at;
  }

  // The language switch keeps the place: the section being read (same id in the other
  // language, else the heading at the same position) and the search query.
  function languageSwitch() {
    var mine = document.querySelector(".lang-switch [aria-current][data-anchors]");
    var own = mine ? mine.getAttribute("data-anchors").split(" ") : [];
    var links = document.querySelectorAll(".lang-switch a[hreflang]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function () {
        var a = this;
        var url = new URL(a.href);
        var q = new URLSearchParams(location.search).get("q");
        var box = document.getElementById("search-page-q");
        if (box && box.value.trim()) q = box.value.trim();
        if (q) url.search = "?q=" + encodeURIComponent(q);
        var theirs = (a.getAttribute("data-anchors") || "").split(" ").filter(Boolean);
        var at = currentSection(own);
        if (at >= 0 && theirs.length) {
          url.hash = theirs.indexOf(own[at]) >= 0 ? own[at] : (theirs[Math.min(at, theirs.length - 1)]);
        }
        a.href = url.href;
      });
    }
  }

  // Read marks: a chapter counts as read once its end has been on screen. The sidebar and
  // the chapter lists mark read chapters; the home page offers to continue the last one.
  function reading() {
    var article = document.querySelector("article[data-read]");
    var here = sitePath(location.href);
    var code = lang();
    if (article && here !== null) {
      var title = (article.querySelector("h1") || document.createElement("h1")).textContent.trim();
      var ids = (function () {
        var mine = document.querySelector(".lang-switch [aria-current][data-anchors]");
        return mine ? mine.getAttribute("data-anchors").split(" ") : [];
      })();
      var remember = function () {
        var at = currentSection(ids);
        store.set("playbook:last:" + code, JSON.stringify({ path: here, title: title, anchor: at >= 0 ? ids[at] : "" }));
      };
      remember();
      var timer = null;
      window.addEventListener("scroll", function () {
        if (timer) return;
        timer = setTimeout(function () { timer = null; remember(); }, 500);
      }, { passive: true });
      // The end of the article: the pager after it (past the quiz), else its last block.
      var end = document.querySelector(".pager") || article.lastElementChild;
      if (end && "IntersectionObserver" in window) {
        new IntersectionObserver(function (entries, observer) {
          if (entries.some(function (e) { return e.isIntersecting; })) {
            store.set("playbook:read:" + here, new Date().toISOString().slice(0, 10));
            observer.disconnect();
          }
        }).observe(end);
      }
    }
    var nav = document.getElementById("sidebar");
    var label = nav ? nav.getAttribute("data-read-label") : "";
    var links = document.querySelectorAll(".sidebar a, .chapter-list > li > a");
    for (var i = 0; i < links.length; i++) {
      var p = sitePath(links[i].href);
      if (p && store.get("playbook:read:" + p)) {
        var mark = document.createElement("span");
        mark.className = "read-mark";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = "✓";
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = " (" + label + ")";
        links[i].appendChild(mark);
        links[i].appendChild(hidden);
      }
    }
    var box = document.querySelector(".continue-reading");
    var last = null;
    try { last = JSON.parse(store.get("playbook:last:" + (box && box.getAttribute("data-lang"))) || "null"); } catch (e) { last = null; }
    if (box && last && last.path) {
      var a = box.querySelector("a");
      var files = location.protocol === "file:" || packaged;
      var path = last.path + (files && /\/$/.test(last.path) ? "index.html" : "");
      a.href = new URL(encodeURI(path), siteRoot).href + (last.anchor ? "#" + last.anchor : "");
      box.querySelector(".continue-title").textContent = last.title;
      box.hidden = false;
    }
  }

  // On phones the header stays at hand: it slides away while the reader scrolls down and
  // comes back on scrolling up (so the menu, search and language switch are one small
  // scroll away from any section), and whenever something in it has the focus.
  function headroom() {
    var header = document.querySelector(".site-header");
    if (!header) return;
    var last = window.scrollY;
    window.addEventListener("scroll", function () {
      var y = window.scrollY;
      if (Math.abs(y - last) < 8) return;
      header.classList.toggle("tucked", y > last && y > header.offsetHeight && !header.contains(document.activeElement));
      last = y;
    }, { passive: true });
    header.addEventListener("focusin", function () { header.classList.remove("tucked"); });
  }

  // Back to top, on phones once the reader is a screen and a half down.
  function backToTop() {
    var link = document.querySelector(".back-to-top");
    if (!link) return;
    var shown = false;
    var update = function () {
      var show = window.scrollY > innerHeight * 1.5;
      if (show !== shown) { shown = show; link.hidden = !show; }
    };
    window.addEventListener("scroll", update, { passive: true });
    link.addEventListener("click", function (e) {
      e.preventDefault();
      window.scrollTo(0, 0);
      var title = document.querySelector(".site-title");
      if (title) title.focus();
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.querySelector(".menu-toggle");
    var nav = document.getElementById("sidebar");
    if (btn && nav) {
      btn.hidden = false;
      var setOpen = function (open) {
        nav.classList.toggle("open", open);
        btn.setAttribute("aria-expanded", open ? "true" : "false");
      };
      btn.addEventListener("click", function () {
        setOpen(!nav.classList.contains("open"));
      });
      // Escape closes the menu and gives the focus back to its button.
      document.addEventListener("keydown", function (e) {
        if (e.key === "Escape" && nav.classList.contains("open")) {
          setOpen(false);
          btn.focus();
        }
      });
    }
    languageSwitch();
    reading();
    headroom();
    backToTop();
    // Opened straight from disk or from an LMS, folders do not resolve to index.html.
    if (window.playbookIndexLinks) window.playbookIndexLinks(document);
  });
})();
