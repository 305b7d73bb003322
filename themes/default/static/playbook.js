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
