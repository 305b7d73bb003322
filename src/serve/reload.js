// Injected by `playbook serve` only: reloads the page after a rebuild and shows build
// errors as an overlay while the last good site keeps being served. The poll says which
// error it already shows (`seen`), so an unchanged error is not downloaded again.
(function () {
  var version = null;
  var errorId = null;
  function overlay(text) {
    var el = document.getElementById("playbook-error-overlay");
    if (!text) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement("div");
      el.id = "playbook-error-overlay";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:0;z-index:9999;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:1.5rem;font:14px/1.5 ui-monospace,monospace";
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      el.appendChild(pre);
      document.body.appendChild(el);
    }
    el.firstChild.textContent = "Build failed (the last good version is still served):\n\n" + text;
  }
  function poll() {
    var url = "/__playbook/status" + (errorId === null ? "" : "?seen=" + errorId);
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (version === null) version = s.version;
        else if (s.version !== version) { location.reload(); return; }
        if (!s.unchanged) overlay(s.error);
        errorId = s.error_id;
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
