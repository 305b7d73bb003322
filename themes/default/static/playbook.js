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
      navigator.serviceWorker.register(new URL("sw.js", base).href, { scope: base.href }).catch(function () {});
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.querySelector(".menu-toggle");
    var nav = document.getElementById("sidebar");
    if (btn && nav) {
      btn.hidden = false;
      btn.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        btn.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    // Opened straight from disk or from an LMS, folders do not resolve to index.html.
    if (window.playbookIndexLinks) window.playbookIndexLinks(document);
  });
})();
